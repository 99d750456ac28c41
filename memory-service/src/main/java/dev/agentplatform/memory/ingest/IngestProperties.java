package dev.agentplatform.memory.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the ingest path: accepted writes wait in a Redis stream until the WARM tier has
 * embedded and indexed them.
 *
 * @param enabled whether this instance indexes (default true; false only accepts)
 * @param stream the stream (default {@code memory.ingest}; dead letters in {@code <stream>.dead}); once
 *     in WARM, a write waits for the COLD tier's extraction in {@code <stream>.cold} (dead letters in
 *     {@code <stream>.cold.dead})
 * @param group the consumer group (default {@code memory-service})
 * @param batchSize most entries (writes) read at once: one index commit and one graph transaction for
 *     them when they are small (count, default 64)
 * @param embedThreads threads a batch's messages and segments are embedded on (count, default 1: the static
 *     embedding takes microseconds a text; 2 or more pay with {@code embedding: minilm}, one thread a core)
 * @param maxDeliveries deliveries after which a write that keeps failing is dead-lettered (count, default 5)
 * @param claimMinIdle how long a write may sit with a member that died before another takes it (default 30 s)
 * @param maxMessages most messages in one write (count, default 1000)
 * @param maxMessageChars longest message accepted; longer is a 413 (characters, default 20000)
 */
@ConfigurationProperties("platform.memory.ingest")
@Validated
public record IngestProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("memory.ingest") @NotBlank String stream,
        @DefaultValue("memory-service") @NotBlank String group,
        @DefaultValue("64") @Min(1) @Max(1000) int batchSize,
        @DefaultValue("1") @Min(1) @Max(64) int embedThreads,
        @DefaultValue("5") @Min(1) int maxDeliveries,
        @DefaultValue("30s") @NotNull Duration claimMinIdle,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxMessages,
        @DefaultValue("20000") @Min(1) int maxMessageChars) {

    public String deadLetterStream() {
        return stream + ".dead";
    }

    /** Where writes indexed into WARM wait for the COLD tier's extraction. */
    public String coldStream() {
        return stream + ".cold";
    }

    public String coldDeadLetterStream() {
        return coldStream() + ".dead";
    }
}
