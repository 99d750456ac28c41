package dev.agentplatform.cost.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A budget an administrator set.
 *
 * @param scope what it limits
 * @param id the user, team or key id
 * @param dailyUsd the most spent per day in {@code timezone}; {@code null} for no daily limit (for
 *     a user: the tier's)
 * @param monthlyUsd the most spent per calendar month in {@code timezone}; {@code null} for none
 * @param timezone where its days and months begin
 * @param updatedAt when it was last set
 */
public record ScopeBudget(
        BudgetScope scope, String id, BigDecimal dailyUsd, BigDecimal monthlyUsd, ZoneId timezone, Instant updatedAt) {}
