package dev.agentplatform.support.stream;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How one consumer-group member reads one stream.
 *
 * @param stream the stream, e.g. {@code platform.usage}
 * @param group the consumer group, shared by every instance of the service
 * @param consumerName this member's name in the group, unique per process
 * @param batchSize most entries read (and handed to the handler) at once
 * @param block how long one read waits for new entries; also bounds how long a stop waits
 * @param claimMinIdle how long an entry must sit unacknowledged with another member before this one
 *     takes it over
 * @param claimInterval how often such entries are looked for
 * @param maxDeliveries deliveries after which an entry that keeps failing goes to the dead-letter stream
 * @param deadLetterStream where such entries go, by default {@code <stream>.dead}
 * @param deadLetterMaxLength approximate cap on the dead-letter stream's length
 * @param retryBackoff pause after a failure before trying again
 * @param linger pause after a batch that was not full before reading again, so that under load
 *     one read, one acknowledgement and one handler call (one insert) take many entries instead of
 *     one each; zero reads again at once. Delays an entry by at most this when the stream is busy,
 *     not at all when it is idle (the blocking read returns as soon as an entry arrives)
 */
public record StreamConsumerSettings(
        String stream,
        String group,
        String consumerName,
        int batchSize,
        Duration block,
        Duration claimMinIdle,
        Duration claimInterval,
        int maxDeliveries,
        String deadLetterStream,
        long deadLetterMaxLength,
        Duration retryBackoff,
        Duration linger) {

    public StreamConsumerSettings {
        requireText(stream, "stream");
        requireText(group, "group");
        requireText(consumerName, "consumerName");
        requireText(deadLetterStream, "deadLetterStream");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("maxDeliveries must be at least 1, was " + maxDeliveries);
        }
        if (deadLetterMaxLength < 1) {
            throw new IllegalArgumentException("deadLetterMaxLength must be at least 1, was " + deadLetterMaxLength);
        }
        requirePositive(block, "block");
        requirePositive(claimMinIdle, "claimMinIdle");
        requirePositive(claimInterval, "claimInterval");
        requirePositive(retryBackoff, "retryBackoff");
        Objects.requireNonNull(linger, "linger must be set");
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative, was " + linger);
        }
    }

    /**
     * Settings for {@code stream} and {@code group}: a generated consumer name, batches of 50,
     * reads blocking 2 s, entries idle 60 s taken over every 30 s, dead letter after 5 deliveries to
     * {@code <stream>.dead} (at most about 100,000 entries), 1 s pause after a failure, 50 ms linger
     * after a batch that was not full.
     */
    public static Builder builder(String stream, String group) {
        return new Builder(stream, group);
    }

    /** A name unique per process: a restarted instance never silently inherits its old pending entries. */
    public static String generatedConsumerName(String prefix) {
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? prefix : host) + "-"
                + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Builds settings from the defaults of {@link #builder}; {@link #build()} rejects bad values by name. */
    public static final class Builder {
        private final String stream;
        private final String group;
        private String consumerName;
        private int batchSize = 50;
        private Duration block = Duration.ofSeconds(2);
        private Duration claimMinIdle = Duration.ofSeconds(60);
        private Duration claimInterval = Duration.ofSeconds(30);
        private int maxDeliveries = 5;
        private String deadLetterStream;
        private long deadLetterMaxLength = 100_000;
        private Duration retryBackoff = Duration.ofSeconds(1);
        private Duration linger = Duration.ofMillis(50);

        private Builder(String stream, String group) {
            this.stream = stream;
            this.group = group;
            this.deadLetterStream = stream + ".dead";
        }

        /** This member's name; blank or {@code null} keeps a generated one. */
        public Builder consumerName(String name) {
            this.consumerName = name;
            return this;
        }

        public Builder batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        public Builder block(Duration duration) {
            this.block = duration;
            return this;
        }

        public Builder claimMinIdle(Duration duration) {
            this.claimMinIdle = duration;
            return this;
        }

        public Builder claimInterval(Duration duration) {
            this.claimInterval = duration;
            return this;
        }

        public Builder maxDeliveries(int deliveries) {
            this.maxDeliveries = deliveries;
            return this;
        }

        public Builder deadLetterStream(String name) {
            this.deadLetterStream = name;
            return this;
        }

        public Builder deadLetterMaxLength(long length) {
            this.deadLetterMaxLength = length;
            return this;
        }

        public Builder retryBackoff(Duration duration) {
            this.retryBackoff = duration;
            return this;
        }

        public Builder linger(Duration duration) {
            this.linger = duration;
            return this;
        }

        public StreamConsumerSettings build() {
            return new StreamConsumerSettings(
                    stream,
                    group,
                    consumerName == null || consumerName.isBlank() ? generatedConsumerName(group) : consumerName,
                    batchSize,
                    block,
                    claimMinIdle,
                    claimInterval,
                    maxDeliveries,
                    deadLetterStream,
                    deadLetterMaxLength,
                    retryBackoff,
                    linger);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name + " must be set");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
