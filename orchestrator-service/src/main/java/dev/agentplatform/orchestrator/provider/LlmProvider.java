package dev.agentplatform.orchestrator.provider;

import java.util.function.Consumer;

/** One LLM backend: answers the messages of one call, whole or as a stream of text pieces. */
public interface LlmProvider {

    /**
     * Answers one call.
     *
     * @throws ProviderException when the backend fails; {@link ProviderException#retriable()} says
     *     whether another attempt (or another agent) may succeed
     */
    LlmResponse chat(LlmRequest request);

    /**
     * Answers one call as a stream: hands each piece of the answer to {@code onToken} on the calling
     * thread, in order, as the backend sends it, and returns the whole answer with its usage once the
     * backend is done. Adapters that cannot stream answer whole and hand over the answer as one piece.
     *
     * @throws ProviderException when the backend fails, before or after pieces were handed over
     */
    default LlmResponse stream(LlmRequest request, Consumer<String> onToken) {
        LlmResponse response = chat(request);
        if (!response.content().isEmpty()) {
            onToken.accept(response.content());
        }
        return response;
    }
}
