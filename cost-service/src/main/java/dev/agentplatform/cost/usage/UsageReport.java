package dev.agentplatform.cost.usage;

import dev.agentplatform.cost.reservation.Standing;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A user's spend and budget for one day.
 *
 * @param userId the user
 * @param tier the tier whose budget applies
 * @param date the UTC day reported
 * @param spentTodayUsd spend booked that day
 * @param dailyLimitUsd the user's daily budget (an administrator's, else the tier's), {@code null}
 *     when unlimited
 * @param remainingUsd what is left, {@code null} when unlimited
 * @param requests booked usage events
 * @param promptTokens their prompt tokens
 * @param completionTokens their completion tokens
 * @param byAgent spend per agent, costliest first
 * @param scopes every budget that applies to the caller: spend and holds in Redis, limit,
 *     remaining, forecast to the reset and the reset
 */
record UsageReport(
        String userId,
        String tier,
        LocalDate date,
        BigDecimal spentTodayUsd,
        BigDecimal dailyLimitUsd,
        BigDecimal remainingUsd,
        long requests,
        long promptTokens,
        long completionTokens,
        List<AgentSpend> byAgent,
        List<Standing> scopes) {

    /**
     * One agent's share.
     *
     * @param agent the agent
     * @param requests booked usage events
     * @param costUsd their cost
     */
    record AgentSpend(String agent, long requests, BigDecimal costUsd) {}
}
