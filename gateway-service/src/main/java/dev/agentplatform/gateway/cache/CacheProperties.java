package dev.agentplatform.gateway.cache;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The exact cache.
 *
 * @param enabled whether answers are cached at all; default true
 * @param ttl how long an answer stays cached; default 1 hour
 * @param sharedModels models (agents or teams, as requested) whose answers an operator has marked as
 *     the same for every user: cached once for all tenants; default none, so every user has a cache of
 *     their own
 * @param maxEntrySize the largest answer that is cached; default 512 KiB
 * @param keyPrefix Redis key prefix; default {@code gateway:cache:exact:}
 * @param redisTimeout how long a lookup or store may wait for Redis before the request carries on
 *     without the cache; default 250 ms
 */
@Validated
@ConfigurationProperties("platform.gateway.cache")
public record CacheProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1h") @NotNull Duration ttl,
        @DefaultValue List<String> sharedModels,
        @DefaultValue("512KB") @NotNull DataSize maxEntrySize,
        @DefaultValue("gateway:cache:exact:") @NotBlank String keyPrefix,
        @DefaultValue("250ms") @NotNull Duration redisTimeout) {

    public CacheProperties {
        sharedModels = sharedModels == null ? List.of() : List.copyOf(sharedModels);
    }

    /** Whether answers for this model are shared between tenants. */
    public boolean shared(String model) {
        return Set.copyOf(sharedModels).contains(model);
    }
}
