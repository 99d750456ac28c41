package dev.agentplatform.memory.hot;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the HOT memory tier.
 *
 * @param maxMessages most messages kept per conversation; older ones are trimmed on append (count,
 *     default 50)
 * @param ttl how long an untouched conversation is kept; every append and read renews it (duration,
 *     default 5 minutes)
 * @param quarantineTtl how long a conversation's quarantined messages (written from a request the
 *     injection guard flagged) are kept for audit; never returned as context (duration, default 1 day)
 */
@ConfigurationProperties("platform.memory.hot")
@Validated
public record HotMemoryProperties(
        @DefaultValue("50") @Min(1) @Max(10_000) int maxMessages,
        @DefaultValue("5m") @NotNull Duration ttl,
        @DefaultValue("1d") @NotNull Duration quarantineTtl) {

    public HotMemoryProperties {
        if (ttl != null && ttl.toMillis() < 1_000) {
            throw new IllegalArgumentException("platform.memory.hot.ttl must be at least 1s, was " + ttl);
        }
        if (quarantineTtl != null && quarantineTtl.toMillis() < 1_000) {
            throw new IllegalArgumentException(
                    "platform.memory.hot.quarantine-ttl must be at least 1s, was " + quarantineTtl);
        }
    }
}
