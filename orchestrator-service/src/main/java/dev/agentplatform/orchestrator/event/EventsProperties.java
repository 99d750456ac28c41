package dev.agentplatform.orchestrator.event;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How events land on Redis Streams, and what happens while Redis cannot take them.
 *
 * @param maxLength approximate cap on each stream's length, trimmed on every add; 0 keeps every
 *     entry; default 1,000,000 (far more than consumers lag behind, so nothing unread is trimmed)
 * @param outboxDir where events that could not be published wait on disk (one JSON line each) until
 *     Redis is back; one directory per orchestrator process, on storage that outlives it; default
 *     {@code <java.io.tmpdir>/agent-platform/orchestrator-outbox} (set a persistent path in production)
 * @param onUnbookable what a task does when its usage event cannot be published: {@code outbox}
 *     answers and keeps the event in the outbox, {@code refuse} fails the task with 503 and
 *     {@code Retry-After} instead of answering unbilled; default {@code outbox}
 * @param drainInterval how often the outbox is drained to Redis (duration, default 1s)
 */
@ConfigurationProperties("platform.orchestrator.events")
@Validated
record EventsProperties(
        @DefaultValue("1000000") @PositiveOrZero long maxLength,
        Path outboxDir,
        @DefaultValue("outbox") @NotNull OnUnbookable onUnbookable,
        @DefaultValue("1s") @NotNull Duration drainInterval) {

    EventsProperties {
        if (outboxDir == null) {
            outboxDir = Path.of(System.getProperty("java.io.tmpdir"), "agent-platform", "orchestrator-outbox");
        }
    }

    /** What a task does when its usage event cannot be published. */
    enum OnUnbookable {
        /** Answer, and keep the event in the outbox until Redis takes it. */
        OUTBOX,
        /** Fail the task with 503 instead of answering unbilled. */
        REFUSE
    }
}
