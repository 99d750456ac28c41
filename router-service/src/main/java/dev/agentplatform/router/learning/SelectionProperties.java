package dev.agentplatform.router.learning;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the primary is picked among the agents of the chosen intent. Utility is {@code
 * share^shareExponent × successRate − latencyWeight × latency/latencyScale − costWeight ×
 * budgetPressure × (tier.rank() − 1)/3}, where share is the agent's part of its team's probability.
 *
 * @param hysteresis utility by which a challenger must beat the current primary to take its slot, so
 *     that noise in a stationary success rate does not make the primary flap; default 0.08
 * @param latencyWeight weight of latency in the utility; default 0.02
 * @param latencyScaleMs latency that counts as 1 (longer counts as 1 too); default 10000
 * @param costWeight weight of the cost tier when the budget is under pressure; default 0.3
 * @param shareExponent flattens the shares (below 1) so that, within one intent, reliability counts
 *     for more than fine differences of fit: a failing agent loses its slot even on prompts that fit
 *     it best; default 0.5
 */
@Validated
@ConfigurationProperties("platform.router.selection")
public record SelectionProperties(
        @DefaultValue("0.05") @DecimalMin("0") @DecimalMax("1")
        double hysteresis,

        @DefaultValue("0.02") @DecimalMin("0") double latencyWeight,
        @DefaultValue("10000") @Positive double latencyScaleMs,
        @DefaultValue("0.3") @DecimalMin("0") double costWeight,

        @DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1")
        double shareExponent) {

    public static SelectionProperties defaults() {
        return new SelectionProperties(0.08, 0.02, 10_000, 0.3, 0.5);
    }
}
