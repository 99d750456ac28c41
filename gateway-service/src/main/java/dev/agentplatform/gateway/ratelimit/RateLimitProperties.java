package dev.agentplatform.gateway.ratelimit;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits.
 *
 * @param enabled whether requests are limited at all; default true
 * @param perMinute requests per user per window by tier, counted across all of the user's keys (a
 *     key issued with a limit of its own is held to that as well); 0 or less is unlimited; a tier not listed
 *     gets {@code defaultPerMinute}; default free 10, pro 100, enterprise unlimited
 * @param defaultPerMinute the limit of a tier not in {@code perMinute}; default 10
 * @param globalPerMinute requests per window across all keys and instances; 0 or less is unlimited;
 *     default 10,000
 * @param window the window the limits count over; default 1 minute
 * @param onRedisFailure what happens when Redis cannot be asked: {@code fail-open} lets the request
 *     through unlimited (availability first), {@code fail-closed} answers 503; default fail-open
 * @param redisTimeout how long the check may wait for Redis before {@code onRedisFailure} applies;
 *     default 250 ms
 * @param keyPrefix Redis key prefix; default {@code gateway:rl:}
 * @param tokensPerMinute LLM tokens per user per window by tier, across all of the user's keys; 0, less or a tier not listed is
 *     unlimited; default unlimited for every tier. An estimate is reserved before the router call
 *     and settled with the answer's {@code usage.total_tokens}
 * @param defaultCompletionTokens the completion part of a reservation when the request has no
 *     {@code max_tokens}; default 256
 */
@Validated
@ConfigurationProperties("platform.gateway.ratelimit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        Map<String, Integer> perMinute,
        @DefaultValue("10") int defaultPerMinute,
        @DefaultValue("10000") int globalPerMinute,
        @DefaultValue("1m") @NotNull Duration window,
        @DefaultValue("fail-open") @NotNull FailureMode onRedisFailure,
        @DefaultValue("250ms") @NotNull Duration redisTimeout,
        @DefaultValue("gateway:rl:") @NotNull String keyPrefix,
        Map<String, Integer> tokensPerMinute,
        @DefaultValue("256") @Positive int defaultCompletionTokens) {

    /** What to do when Redis cannot be asked. */
    public enum FailureMode {
        /** Let the request through without counting it. */
        FAIL_OPEN,
        /** Refuse the request with a 503 problem. */
        FAIL_CLOSED
    }

    public RateLimitProperties {
        perMinute = perMinute == null || perMinute.isEmpty()
                ? Map.of("free", 10, "pro", 100, "enterprise", 0)
                : Map.copyOf(perMinute);
        tokensPerMinute = tokensPerMinute == null ? Map.of() : Map.copyOf(tokensPerMinute);
    }

    /** The per-user tokens-per-window budget of a tier; 0 for unlimited. */
    public int tokenLimitFor(String tier) {
        return Math.max(0, tokensPerMinute.getOrDefault(tier, 0));
    }

    /** The per-user request limit of a tier; 0 for unlimited. */
    public int limitFor(String tier) {
        int limit = perMinute.getOrDefault(tier, defaultPerMinute);
        return Math.max(0, limit);
    }
}
