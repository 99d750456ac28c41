package dev.agentplatform.orchestrator.event;

import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How events land on Redis Streams.
 *
 * @param maxLength approximate cap on each stream's length, trimmed on every add; 0 keeps every
 *     entry; default 1,000,000 (far more than consumers lag behind, so nothing unread is trimmed)
 */
@ConfigurationProperties("platform.orchestrator.events")
@Validated
record EventsProperties(
        @DefaultValue("1000000") @PositiveOrZero long maxLength) {}
