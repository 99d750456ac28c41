package dev.agentplatform.cost.ingest;

import dev.agentplatform.common.Streams;
import dev.agentplatform.support.stream.StreamConsumerSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the cost service consumes the usage stream.
 *
 * @param enabled whether to consume at all (default {@code true})
 * @param stream the stream to consume (default {@code platform.usage})
 * @param group the consumer group, shared by every cost-service instance (default {@code cost-service})
 * @param consumerName this instance's name in the group; unique per process (default
 *     {@code <host>-<pid>-<random>})
 * @param deadLetterStream where entries that can never be booked go (default {@code platform.usage.dead})
 * @param deadLetterMaxLength approximate cap on the dead-letter stream's length (entries, default 100000)
 * @param batchSize most entries read per call (count, default 50)
 * @param block how long one read waits for new entries; also bounds how long shutdown waits
 *     (duration, default 2s)
 * @param claimMinIdle how long an entry must sit unacknowledged with another consumer before it is
 *     taken over (duration, default 60s)
 * @param claimInterval how often pending entries of other consumers are checked (duration, default 30s)
 * @param retryBackoff pause after a failure (Redis or PostgreSQL down) before trying again
 *     (duration, default 1s)
 * @param maxDeliveries deliveries after which an entry that keeps failing for a reason other than
 *     Redis or PostgreSQL being down goes to the dead-letter stream (default 5)
 */
@ConfigurationProperties("platform.cost.usage-stream")
@Validated
public record UsageStreamProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue(Streams.USAGE) @NotBlank String stream,
        @DefaultValue("cost-service") @NotBlank String group,
        String consumerName,
        @DefaultValue(Streams.USAGE + ".dead") @NotBlank String deadLetterStream,
        @DefaultValue("100000") @Min(1) long deadLetterMaxLength,
        @DefaultValue("50") @Min(1) @Max(1000) int batchSize,
        @DefaultValue("2s") @NotNull Duration block,
        @DefaultValue("60s") @NotNull Duration claimMinIdle,
        @DefaultValue("30s") @NotNull Duration claimInterval,
        @DefaultValue("1s") @NotNull Duration retryBackoff,
        @DefaultValue("5") @Min(1) int maxDeliveries) {

    public UsageStreamProperties {
        if (consumerName == null || consumerName.isBlank()) {
            consumerName = generatedConsumerName();
        }
    }

    /** The runner settings for {@code stream} and {@code group}, with this stream's pacing and claiming. */
    StreamConsumerSettings settings(String stream, String group, String deadLetterStream) {
        return StreamConsumerSettings.builder(stream, group)
                .consumerName(consumerName)
                .batchSize(batchSize)
                .block(block)
                .claimMinIdle(claimMinIdle)
                .claimInterval(claimInterval)
                .retryBackoff(retryBackoff)
                .maxDeliveries(maxDeliveries)
                .deadLetterStream(deadLetterStream)
                .deadLetterMaxLength(deadLetterMaxLength)
                .build();
    }

    // Unique per process, so a restarted instance never inherits (and silently skips) the pending
    // entries of its previous life; those are reclaimed by idle time instead.
    private static String generatedConsumerName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = "cost";
        }
        return host + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
