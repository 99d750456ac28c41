package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.TaskResult;
import dev.agentplatform.common.ToolCallRecord;
import dev.agentplatform.orchestrator.agent.Agent;
import dev.agentplatform.orchestrator.provider.LlmCompletion;
import java.math.BigDecimal;
import java.util.List;

/**
 * One agent's try: its completion, or why there is none, and the tools it used either way.
 *
 * @param agent the agent tried
 * @param completion its answer, {@code null} when it failed
 * @param errorKind why it failed, {@code null} when it answered
 * @param toolCalls the capability calls it made
 * @param toolCost what those calls cost
 * @param latencyMs how long the attempt took
 * @param downgradedFrom the model the agent would have called, when a budget too small for it moved
 *     the attempt to a cheaper one ({@code agent} then calls that one); {@code null} otherwise
 */
record Attempt(
        Agent agent,
        LlmCompletion completion,
        String errorKind,
        List<ToolCallRecord> toolCalls,
        BigDecimal toolCost,
        long latencyMs,
        String downgradedFrom) {

    Attempt {
        toolCalls = List.copyOf(toolCalls);
    }

    Attempt(
            Agent agent,
            LlmCompletion completion,
            String errorKind,
            List<ToolCallRecord> toolCalls,
            BigDecimal toolCost,
            long latencyMs) {
        this(agent, completion, errorKind, toolCalls, toolCost, latencyMs, null);
    }

    Attempt(
            Agent agent,
            LlmCompletion completion,
            String errorKind,
            List<ToolCallRecord> toolCalls,
            BigDecimal toolCost) {
        this(agent, completion, errorKind, toolCalls, toolCost, 0);
    }

    static Attempt failed(Agent agent, String errorKind, List<ToolCallRecord> toolCalls, BigDecimal toolCost) {
        return new Attempt(agent, null, errorKind, toolCalls, toolCost);
    }

    /** This answered attempt as a step of the result. */
    TaskResult.Step step() {
        return new TaskResult.Step(
                agent.name(),
                completion.provider(),
                completion.model(),
                latencyMs,
                completion.usage(),
                completion.costUsd().add(toolCost));
    }

    /** {@code from->to} when a budget moved this answered attempt to a cheaper model, else {@code null}. */
    String costDowngraded() {
        return downgradedFrom == null || completion == null ? null : downgradedFrom + "->" + completion.model();
    }

    boolean answered() {
        return completion != null;
    }
}
