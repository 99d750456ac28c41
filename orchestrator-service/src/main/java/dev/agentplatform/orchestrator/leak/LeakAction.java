package dev.agentplatform.orchestrator.leak;

/** What happens to an answer that leaks what its system prompt holds. */
public enum LeakAction {
    /** The whole answer is withheld; the client gets a short notice ({@code finish_reason} content_filter). */
    BLOCK,
    /** The leaked text is replaced by {@code [redacted]}; the rest of the answer goes out. */
    REDACT
}
