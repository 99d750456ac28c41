package dev.agentplatform.orchestrator.execution;

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
 */
record Attempt(
        Agent agent, LlmCompletion completion, String errorKind, List<ToolCallRecord> toolCalls, BigDecimal toolCost) {

    Attempt {
        toolCalls = List.copyOf(toolCalls);
    }

    static Attempt failed(Agent agent, String errorKind, List<ToolCallRecord> toolCalls, BigDecimal toolCost) {
        return new Attempt(agent, null, errorKind, toolCalls, toolCost);
    }

    boolean answered() {
        return completion != null;
    }
}
