package dev.agentplatform.gateway.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI request members the platform cannot honour, each refused by name rather than ignored:
 * a client that asked for several answers, log probabilities or audio must not take a plain answer
 * for what it asked.
 */
public final class UnsupportedFields {

    private UnsupportedFields() {}

    /** Why each unsupported member of {@code request} is refused; empty when there is none. */
    public static List<String> of(ChatCompletionRequest request) {
        List<String> refused = new ArrayList<>();
        if (request.n() != null && request.n() != 1) {
            refused.add("n must be 1: the platform gives one answer per request");
        }
        if (Boolean.TRUE.equals(request.logprobs())) {
            refused.add("logprobs is not supported");
        }
        if (request.topLogprobs() != null && request.topLogprobs() != 0) {
            refused.add("top_logprobs is not supported");
        }
        if (request.logitBias() != null && !request.logitBias().isEmpty()) {
            refused.add("logit_bias is not supported");
        }
        if (request.audio() != null) {
            refused.add("audio is not supported: answers are text");
        }
        if (request.modalities() != null && !List.of("text").equals(request.modalities())) {
            refused.add("modalities must be [\"text\"]: answers are text");
        }
        if (request.prediction() != null) {
            refused.add("prediction is not supported");
        }
        if (request.functions() != null) {
            refused.add("functions is deprecated and not supported: use tools");
        }
        if (request.functionCall() != null) {
            refused.add("function_call is deprecated and not supported: use tool_choice");
        }
        return refused;
    }
}
