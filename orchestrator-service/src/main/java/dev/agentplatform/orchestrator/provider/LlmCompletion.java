package dev.agentplatform.orchestrator.provider;

import dev.agentplatform.common.TokenUsage;
import java.math.BigDecimal;
import java.util.List;

/**
 * A priced LLM answer.
 *
 * @param content the answer text
 * @param provider the provider catalog entry that answered
 * @param model the model that produced it
 * @param simulated whether the simulated provider produced it
 * @param usage the tokens sent and received
 * @param costUsd the call's price from the catalog
 * @param toolCalls the functions the model asked to call before it answers; empty for a final answer
 * @param finishReason why the answer ended ({@link LlmResponse#finishReason()})
 */
public record LlmCompletion(
        String content,
        String provider,
        String model,
        boolean simulated,
        TokenUsage usage,
        BigDecimal costUsd,
        List<LlmToolCall> toolCalls,
        String finishReason) {

    public LlmCompletion {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if (finishReason == null) {
            finishReason = toolCalls.isEmpty() ? LlmResponse.STOP : LlmResponse.TOOL_CALLS;
        }
    }

    /** An answer that ended on its own or with function calls. */
    public LlmCompletion(
            String content,
            String provider,
            String model,
            boolean simulated,
            TokenUsage usage,
            BigDecimal costUsd,
            List<LlmToolCall> toolCalls) {
        this(content, provider, model, simulated, usage, costUsd, toolCalls, null);
    }

    /** A final answer, without function calls. */
    public LlmCompletion(
            String content, String provider, String model, boolean simulated, TokenUsage usage, BigDecimal costUsd) {
        this(content, provider, model, simulated, usage, costUsd, List.of());
    }
}
