package dev.agentplatform.orchestrator.provider;

/** One LLM backend: answers the messages of one call. */
public interface LlmProvider {

    /**
     * Answers one call.
     *
     * @throws ProviderException when the backend fails; {@link ProviderException#retriable()} says
     *     whether another attempt (or another agent) may succeed
     */
    LlmResponse chat(LlmRequest request);
}
