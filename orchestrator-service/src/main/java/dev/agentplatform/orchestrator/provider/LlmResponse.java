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
 * @param finishReason why the answer ended: {@code stop}, {@code length}, {@code tool_calls} or
 *     {@code content_filter}
 */
public record LlmResponse(
        String content,
        String model,
        TokenUsage usage,
        boolean simulated,
        List<LlmToolCall> toolCalls,
        String finishReason) {

    /** The answer ended on its own. */
    public static final String STOP = "stop";
    /** The answer reached its token limit. */
    public static final String LENGTH = "length";
    /** The model asks for function calls. */
    public static final String TOOL_CALLS = "tool_calls";

    public LlmResponse {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if (finishReason == null) {
            finishReason = toolCalls.isEmpty() ? STOP : TOOL_CALLS;
        }
    }

    /** An answer that ended on its own or with function calls. */
    public LlmResponse(String content, String model, TokenUsage usage, boolean simulated, List<LlmToolCall> toolCalls) {
        this(content, model, usage, simulated, toolCalls, null);
    }

    /** A final answer, without function calls. */
    public LlmResponse(String content, String model, TokenUsage usage, boolean simulated) {
        this(content, model, usage, simulated, List.of());
    }
}
