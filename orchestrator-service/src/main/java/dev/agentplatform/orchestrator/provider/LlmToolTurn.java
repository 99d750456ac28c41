package dev.agentplatform.orchestrator.provider;

import java.util.List;

/**
 * One round of function calling already done in the exchange: what the model said and asked to
 * call, and what each call returned.
 *
 * @param text the text the model wrote along with its calls, or {@code null}
 * @param calls the calls it asked for, in its order
 * @param results each call's result text, in the same order as {@code calls}
 */
public record LlmToolTurn(String text, List<LlmToolCall> calls, List<String> results) {

    public LlmToolTurn {
        calls = List.copyOf(calls);
        results = List.copyOf(results);
        if (calls.size() != results.size()) {
            throw new IllegalArgumentException(
                    "a tool turn needs one result per call, got " + results.size() + " for " + calls.size());
        }
    }
}
