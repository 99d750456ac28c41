package dev.agentplatform.router.strategy;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When the router picks which strategy.
 *
 * @param intentThreshold a team's probability from which it counts as one of the prompt's intents; default 0.2
 * @param closeRatio the runner-up team's probability, as a share of the best one's, from which the two
 *     count as close and the prompt goes to PARALLEL; default 0.8
 * @param parallelAgents agents in a PARALLEL plan; default 3
 * @param longPromptWords words from which a prompt with at least {@code longPromptSteps} steps is a
 *     multi-step job for CASCADE; default 60
 * @param longPromptSteps sentences or list items that make a long prompt multi-step; default 3
 */
@Validated
@ConfigurationProperties("platform.router.strategy")
public record StrategyProperties(
        @DefaultValue("0.2") @DecimalMin("0") @DecimalMax("1")
        double intentThreshold,

        @DefaultValue("0.8") @DecimalMin("0") @DecimalMax("1")
        double closeRatio,

        @DefaultValue("3") @Min(2) @Max(10) int parallelAgents,
        @DefaultValue("60") @Min(1) int longPromptWords,
        @DefaultValue("3") @Min(2) int longPromptSteps) {

    public static StrategyProperties defaults() {
        return new StrategyProperties(0.2, 0.8, 3, 60, 3);
    }
}
