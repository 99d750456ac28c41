package dev.agentplatform.common;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The cost service's answer to "may this user spend now?", over every budget that applies to the
 * request: the user's daily (and monthly, when an administrator set one), and its team's and API
 * key's when they have one. The amounts are those of the <em>binding</em> budget: the one with the
 * smallest share left (remaining / limit); unlimited budgets never bind, and when none has a limit
 * the user's daily one is reported. The field names are those of the days when only the user's
 * daily budget was asked about; they kept their names so that callers of either age read each other.
 *
 * @param userId the user asked about
 * @param tier the user's tier
 * @param allowed whether a new call may start: every budget that applies has room
 * @param spentTodayUsd the binding budget's spend in its current period (its day or its month)
 * @param dailyLimitUsd the binding budget's limit for that period, {@code null} when unlimited
 * @param remainingUsd what is left of it, {@code null} when unlimited
 * @param scope whose budget binds: {@code user}, {@code team} or {@code key} ({@code null} from a
 *     cost-service that only knew the user's daily budget)
 * @param period the binding budget's period: {@code day} or {@code month} ({@code null} as for
 *     {@code scope})
 */
public record BudgetCheck(
        String userId,
        String tier,
        boolean allowed,
        BigDecimal spentTodayUsd,
        BigDecimal dailyLimitUsd,
        BigDecimal remainingUsd,
        String scope,
        String period) {

    /**
     * What is left of the binding budget as a share of its limit (0 to 1, six decimals); {@code null}
     * when it has no limit (or one of zero or less) or the answer names no amounts.
     */
    public Double shareLeft() {
        if (remainingUsd == null || dailyLimitUsd == null || dailyLimitUsd.signum() <= 0) {
            return null;
        }
        return remainingUsd.divide(dailyLimitUsd, 6, RoundingMode.HALF_UP).doubleValue();
    }
}
