package dev.agentplatform.common;

import java.math.BigDecimal;

/**
 * The cost service's answer to "may this user spend now?".
 *
 * @param userId the user asked about
 * @param tier the user's tier
 * @param allowed whether a new call may start
 * @param spentTodayUsd spend booked today (UTC)
 * @param dailyLimitUsd the tier's daily budget, {@code null} when unlimited
 * @param remainingUsd what is left today, {@code null} when unlimited
 */
public record BudgetCheck(
        String userId,
        String tier,
        boolean allowed,
        BigDecimal spentTodayUsd,
        BigDecimal dailyLimitUsd,
        BigDecimal remainingUsd) {}
