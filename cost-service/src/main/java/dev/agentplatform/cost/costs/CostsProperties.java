package dev.agentplatform.cost.costs;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The cost views and the advice.
 *
 * @param recommendationWindow how far back the advice looks (duration, default 7d)
 * @param minObservations the fewest outcomes an agent and a candidate model each need before
 *     anything is recommended (default 30)
 * @param successTolerance how far below the agent's success rate a cheaper model's 95% lower bound
 *     may lie and still count as comparable (share, default 0.05)
 * @param maxRange the longest period a cost view may cover (duration, default 366d)
 */
@ConfigurationProperties("platform.cost.costs")
@Validated
public record CostsProperties(
        @DefaultValue("7d") Duration recommendationWindow,
        @DefaultValue("30") @Min(1) int minObservations,

        @DefaultValue("0.05") @DecimalMin("0") @DecimalMax("1")
        double successTolerance,

        @DefaultValue("366d") Duration maxRange) {}
