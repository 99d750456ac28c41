package dev.agentplatform.cost.ledger;

import java.math.BigDecimal;
import java.util.List;

/**
 * A user's usage over a period.
 *
 * @param requests booked events
 * @param costUsd their summed cost
 * @param promptTokens their summed prompt tokens
 * @param completionTokens their summed completion tokens
 * @param byAgent the same, per agent, costliest first
 */
public record PeriodUsage(
        long requests, BigDecimal costUsd, long promptTokens, long completionTokens, List<AgentUsage> byAgent) {

    /** The totals of the given per-agent rows. */
    static PeriodUsage of(List<AgentUsage> byAgent) {
        long requests = 0;
        long prompt = 0;
        long completion = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (AgentUsage agent : byAgent) {
            requests += agent.requests();
            prompt += agent.promptTokens();
            completion += agent.completionTokens();
            cost = cost.add(agent.costUsd());
        }
        return new PeriodUsage(requests, cost, prompt, completion, List.copyOf(byAgent));
    }
}
