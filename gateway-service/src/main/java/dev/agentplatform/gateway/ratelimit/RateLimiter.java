package dev.agentplatform.gateway.ratelimit;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Asks Redis, in one script call, whether a key may make one more request now, and counts it. */
@Component
public class RateLimiter {

    /** The outcome of one check. */
    public record Decision(boolean allowed, Scope scope, long limit, long remaining, long resetMillis) {

        /** Seconds until a request would be admitted again, at least 1. */
        public long resetSeconds() {
            return Math.max(1, (resetMillis + 999) / 1000);
        }
    }

    /** Which limit the decision is about. */
    public enum Scope {
        NONE,
        KEY,
        GLOBAL
    }

    // read once as text: a resource-backed script checks the jar for changes on every call
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> script = RedisScript.of(Scripts.load("ratelimit/check.lua"), List.class);

    private final ReactiveStringRedisTemplate redis;
    private final RateLimitProperties properties;
    private final String instance = Long.toHexString(System.nanoTime() ^ Double.doubleToLongBits(Math.random()));
    private final AtomicLong sequence = new AtomicLong();

    RateLimiter(ReactiveStringRedisTemplate redis, RateLimitProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** Checks and, when allowed, counts one request of {@code keyId} in tier {@code tier}. */
    public Mono<Decision> check(String keyId, String tier) {
        int keyLimit = properties.limitFor(tier);
        int globalLimit = Math.max(0, properties.globalPerMinute());
        if (keyLimit == 0 && globalLimit == 0) {
            return Mono.just(new Decision(true, Scope.NONE, 0, 0, 0));
        }
        List<String> keys = List.of(properties.keyPrefix() + "key:" + keyId, properties.keyPrefix() + "global:");
        List<String> args = List.of(
                String.valueOf(properties.window().toMillis()),
                String.valueOf(keyLimit),
                String.valueOf(globalLimit),
                instance + ":" + sequence.incrementAndGet());
        return redis.execute(script, keys, args)
                .next()
                .timeout(properties.redisTimeout())
                .map(RateLimiter::decision);
    }

    @SuppressWarnings("rawtypes")
    private static Decision decision(List result) {
        long allowed = ((Number) result.get(0)).longValue();
        int scope = ((Number) result.get(1)).intValue();
        return new Decision(
                allowed == 1,
                scope == 1 ? Scope.KEY : scope == 2 ? Scope.GLOBAL : Scope.NONE,
                ((Number) result.get(2)).longValue(),
                Math.max(0, ((Number) result.get(3)).longValue()),
                Math.max(0, ((Number) result.get(4)).longValue()));
    }
}
