package dev.agentplatform.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * The answer to a task.
 *
 * @param taskId the task's id
 * @param agent the agent whose answer this is
 * @param team that agent's team
 * @param strategy the strategy that ran
 * @param content the answer text
 * @param provider the LLM provider that produced it ({@code simulated} without an API key)
 * @param model the provider's model
 * @param simulated whether the answer came from the simulated provider
 * @param usage tokens used across every LLM call of the task
 * @param costUsd what the task cost, LLM calls and tools together
 * @param latencyMs wall time in the orchestrator, in milliseconds
 * @param toolCalls capability calls made while answering
 * @param guard the gateway's guard verdicts on the task's messages, as the task carried them
 *     ({@link TaskRequest#guard()}); absent when no gateway checked the task
 * @param finishReason why the answer ended: {@code stop}, {@code length} or {@code tool_calls}
 * @param requestedToolCalls the calls of the client's own tools the model asks for (finish reason
 *     {@code tool_calls}); the client runs them and continues with {@code tool} messages
 * @param steps every agent that contributed, in order (a CASCADE's drafts and refinements; one step
 *     otherwise)
 * @param costDowngraded {@code from->to}: the models a budget too small for the agent's model moved
 *     the answer between; absent when it ran on the model it would have
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskResult(
        String taskId,
        String agent,
        String team,
        Strategy strategy,
        String content,
        String provider,
        String model,
        boolean simulated,
        TokenUsage usage,
        BigDecimal costUsd,
        long latencyMs,
        List<ToolCallRecord> toolCalls,
        List<MessageVerdict> guard,
        String finishReason,
        List<ChatMessage.ToolCall> requestedToolCalls,
        List<Step> steps,
        String costDowngraded) {

    /** A whole answer by one agent with no steps recorded. */
    public TaskResult(
            String taskId,
            String agent,
            String team,
            Strategy strategy,
            String content,
            String provider,
            String model,
            boolean simulated,
            TokenUsage usage,
            BigDecimal costUsd,
            long latencyMs,
            List<ToolCallRecord> toolCalls,
            List<MessageVerdict> guard) {
        this(
                taskId, agent, team, strategy, content, provider, model, simulated, usage, costUsd, latencyMs,
                toolCalls, guard, null, null, null, null);
    }

    /** The agents that contributed, in order: the steps' agents, or the one agent. */
    @JsonIgnore
    public List<String> contributors() {
        if (steps == null || steps.isEmpty()) {
            return agent == null ? List.of() : List.of(agent);
        }
        return steps.stream().map(Step::agent).distinct().toList();
    }

    /**
     * One agent's contribution.
     *
     * @param agent the agent
     * @param provider the provider that answered for it
     * @param model that provider's model
     * @param latencyMs how long its call took
     * @param usage its tokens
     * @param costUsd what its call cost
     */
    public record Step(
            String agent, String provider, String model, long latencyMs, TokenUsage usage, BigDecimal costUsd) {}
}
