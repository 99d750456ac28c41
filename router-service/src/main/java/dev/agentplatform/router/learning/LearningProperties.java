package dev.agentplatform.router.learning;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the router learns from outcomes.
 *
 * @param alpha EMA weight of the newest outcome once warmed up; default 0.1
 * @param prior success rate assumed for an agent nothing is known about; default 0.8
 * @param priorWeight how many observations the prior counts as: the first outcomes are averaged with
 *     it instead of replacing it; default 5
 * @param enabled whether to consume {@code stream}; default true
 * @param stream the outcome stream; default {@code platform.outcomes}
 * @param group consumer group; default {@code router-service}
 * @param consumerName this instance's name in the group; default random per start
 * @param batchSize entries read at once; default 100
 * @param block how long one read waits for new entries; default 1 s
 * @param retryBackoff pause after a failed read; default 1 s
 * @param claimMinIdle how long another member's entry may stay pending before this one takes it, and how
 *     often such entries are looked for; default 60 s (entries that can never be applied, or keep
 *     failing 5 deliveries, go to {@code <stream>.dead})
 * @param dedupeTtl how long an applied event id is remembered, so redelivery is harmless; default 24 h
 * @param refreshInterval how often the local copy of the shared statistics is refreshed from Redis; default 1 s
 * @param persistInterval how often the statistics are written to PostgreSQL; default 30 s
 */
@Validated
@ConfigurationProperties("platform.router.learning")
public record LearningProperties(
        @DefaultValue("0.1") @DecimalMin("0.001") @DecimalMax("1")
        double alpha,

        @DefaultValue("0.8") @DecimalMin("0") @DecimalMax("1")
        double prior,

        @DefaultValue("5") @DecimalMin("0") double priorWeight,
        @DefaultValue("true") boolean enabled,
        @DefaultValue("platform.outcomes") @NotBlank String stream,
        @DefaultValue("router-service") @NotBlank String group,
        @DefaultValue("") String consumerName,
        @DefaultValue("100") @Min(1) int batchSize,
        @DefaultValue("1s") @NotNull Duration block,
        @DefaultValue("1s") @NotNull Duration retryBackoff,
        @DefaultValue("60s") @NotNull Duration claimMinIdle,
        @DefaultValue("24h") @NotNull Duration dedupeTtl,
        @DefaultValue("1s") @NotNull Duration refreshInterval,
        @DefaultValue("30s") @NotNull Duration persistInterval) {

    public LearningProperties {
        if (consumerName == null || consumerName.isBlank()) {
            consumerName = "router-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }

    /** The defaults, for tests and simulations. */
    public static LearningProperties defaults() {
        return new LearningProperties(
                0.1,
                0.8,
                5,
                true,
                "platform.outcomes",
                "router-service",
                "",
                100,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                Duration.ofHours(24),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }
}
