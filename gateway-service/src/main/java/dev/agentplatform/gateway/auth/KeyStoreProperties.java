package dev.agentplatform.gateway.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Keys issued through the admin API: kept in PostgreSQL (schema {@code gateway}), cached in Redis.
 *
 * @param cacheTtl how long an instance trusts what it last read about a key (found, missing or
 *     revoked) before asking Redis again; bounds how late a revocation takes effect on the other
 *     instances; default 500 ms, at most 1 s
 * @param keyPrefix Redis key prefix; default {@code gateway:keys:}
 * @param redisTimeout how long a key lookup may wait for Redis before it asks PostgreSQL instead;
 *     default 2 s
 * @param redisTtl how long Redis keeps a key read from or written to PostgreSQL; default 1 h
 * @param missingTtl how long Redis remembers that a presented key does not exist or was revoked;
 *     default 1 min
 * @param databaseTimeout how long issuing, revoking or a lookup that missed Redis may wait for
 *     PostgreSQL before it fails with a 503 problem; default 3 s
 */
@Validated
@ConfigurationProperties("platform.gateway.auth.store")
public record KeyStoreProperties(
        @DefaultValue("500ms") @NotNull Duration cacheTtl,
        @DefaultValue("gateway:keys:") @NotBlank String keyPrefix,
        @DefaultValue("2s") @NotNull Duration redisTimeout,
        @DefaultValue("1h") @NotNull Duration redisTtl,
        @DefaultValue("1m") @NotNull Duration missingTtl,
        @DefaultValue("3s") @NotNull Duration databaseTimeout) {

    public KeyStoreProperties {
        if (cacheTtl != null && cacheTtl.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException(
                    "platform.gateway.auth.store.cache-ttl must be at most 1s (revocations take effect within it), was "
                            + cacheTtl);
        }
    }
}
