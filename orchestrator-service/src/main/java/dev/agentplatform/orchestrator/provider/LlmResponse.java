package dev.agentplatform.orchestrator.provider;

import dev.agentplatform.common.TokenUsage;
import java.util.List;

/**
 * What one LLM call returned.
 *
 * @param content the answer text
 * @param model the model that produced it
 * @param usage the tokens sent and received
 * @param simulated whether the simulated provider produced it
 * @param toolCalls the functions the model asked to call before it answers; empty for a final answer
 */
public record LlmResponse(
        String content, String model, TokenUsage usage, boolean simulated, List<LlmToolCall> toolCalls) {

    public LlmResponse {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A final answer, without function calls. */
    public LlmResponse(String content, String model, TokenUsage usage, boolean simulated) {
        this(content, model, usage, simulated, List.of());
    }
}
