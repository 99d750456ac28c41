package dev.agentplatform.common;

/** How the orchestrator runs a routed task. */
public enum Strategy {
    /** One agent answers; its fallbacks take over when it fails. */
    SINGLE,
    /** Several agents answer at once; the best answer wins. */
    PARALLEL,
    /** Agents refine each other's output in turn. */
    CASCADE
}
