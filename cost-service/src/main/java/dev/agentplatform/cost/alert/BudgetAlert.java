package dev.agentplatform.cost.alert;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What the webhook receives.
 *
 * @param alertId unique per budget, kind, threshold and period: a receiver may drop repeats by it
 * @param kind {@code threshold} (spend crossed {@code thresholdPercent} of the limit) or
 *     {@code forecast} (at the current burn rate the budget runs out before it resets)
 * @param scope {@code user}, {@code team} or {@code key}
 * @param id whose budget
 * @param period {@code day} or {@code month}
 * @param thresholdPercent the share crossed; {@code null} for a forecast
 * @param limitUsd the limit
 * @param spentUsd settled spend this period
 * @param forecastUsd spend projected to the reset
 * @param resetsAt when the period ends
 * @param raisedAt when the alert was raised
 */
public record BudgetAlert(
        String alertId,
        String kind,
        String scope,
        String id,
        String period,
        Integer thresholdPercent,
        BigDecimal limitUsd,
        BigDecimal spentUsd,
        BigDecimal forecastUsd,
        Instant resetsAt,
        Instant raisedAt) {}
