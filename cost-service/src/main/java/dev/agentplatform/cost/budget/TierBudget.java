package dev.agentplatform.cost.budget;

import java.math.BigDecimal;

/**
 * The daily budget that applies to a user.
 *
 * @param tier the tier it comes from (the default tier for a missing or unknown one)
 * @param dailyLimitUsd the daily limit in US dollars, {@code null} when unlimited
 */
public record TierBudget(String tier, BigDecimal dailyLimitUsd) {

    /** Whether a user who spent {@code spentUsd} today may start another call. */
    public boolean allows(BigDecimal spentUsd) {
        return dailyLimitUsd == null || spentUsd.compareTo(dailyLimitUsd) < 0;
    }

    /** What is left of today's budget (never negative), {@code null} when unlimited. */
    public BigDecimal remaining(BigDecimal spentUsd) {
        return dailyLimitUsd == null ? null : dailyLimitUsd.subtract(spentUsd).max(BigDecimal.ZERO);
    }
}
