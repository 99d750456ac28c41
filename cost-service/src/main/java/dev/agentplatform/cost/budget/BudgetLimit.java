package dev.agentplatform.cost.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;

/**
 * One limit that applies to a request now.
 *
 * @param scope what it limits
 * @param id the user, team or key
 * @param period day or month
 * @param limitUsd the limit; {@code null} when unlimited (spend is still counted)
 * @param zone where the period begins
 * @param start the current period's first instant
 * @param resetsAt the next period's first instant
 * @param label the current period's name
 */
public record BudgetLimit(
        BudgetScope scope,
        String id,
        BudgetPeriod period,
        BigDecimal limitUsd,
        ZoneId zone,
        Instant start,
        Instant resetsAt,
        String label) {

    /** The Redis hash counting this scope's spend and holds in this period. */
    public String counterKey() {
        return "cost:budget:" + scope.id() + ":" + id + ":" + label;
    }
}
