package dev.agentplatform.cost.reservation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Where one budget stands in its current period.
 *
 * @param scope {@code user}, {@code team} or {@code key}
 * @param id the user, team or key
 * @param period {@code day} or {@code month}
 * @param limitUsd the limit, {@code null} when unlimited
 * @param spentUsd settled spend this period
 * @param reservedUsd held by calls in flight
 * @param remainingUsd what is left for new calls, {@code null} when unlimited
 * @param forecastUsd the spend projected to the reset at the current burn rate
 * @param resetsAt when the period ends
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Standing(
        String scope,
        String id,
        String period,
        BigDecimal limitUsd,
        BigDecimal spentUsd,
        BigDecimal reservedUsd,
        BigDecimal remainingUsd,
        BigDecimal forecastUsd,
        Instant resetsAt) {

    /** Whether the forecast says the budget runs out before it resets. */
    public boolean forecastExhausts() {
        return limitUsd != null && forecastUsd.compareTo(limitUsd) > 0;
    }
}
