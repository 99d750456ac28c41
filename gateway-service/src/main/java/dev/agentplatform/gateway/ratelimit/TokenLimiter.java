package dev.agentplatform.gateway.ratelimit;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.redis.Scripts;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Tokens-per-minute budgets per user (across all of the user's keys), shared by every instance: before the router call an estimate
 * (prompt characters / 4, rounded up, plus {@code max_tokens} or the default completion estimate)
 * is reserved in one Lua script call against a sliding log of the key's reservations; after the
 * answer the reservation is settled with the real {@code usage.total_tokens} (the difference
 * released or the excess added), and a failed call releases it.
 */
@Component
public class TokenLimiter {

    public static final String LIMIT = "X-RateLimit-Limit-Tokens";
    public static final String REMAINING = "X-RateLimit-Remaining-Tokens";
    public static final String RESET = "X-RateLimit-Reset-Tokens";

    private static final Logger log = LoggerFactory.getLogger(TokenLimiter.class);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(1);

    /**
     * One reservation; {@link #NONE} when nothing was reserved (no budget, or Redis unreachable
     * with fail-open).
     *
     * @param redisKey the key's token log
     * @param id the reservation's unique id
     * @param tokens the tokens reserved
     * @param limit the key's budget
     * @param remaining the budget left after the reservation
     * @param resetMillis until the oldest reservation in the log leaves the window
     */
    public record Reservation(String redisKey, String id, long tokens, long limit, long remaining, long resetMillis) {

        public static final Reservation NONE = new Reservation(null, null, 0, 0, 0, 0);

        /** Whether anything was reserved. */
        public boolean counted() {
            return redisKey != null;
        }

        /** Writes the token headers of this reservation, with {@code remaining} left now. */
        public void writeHeaders(HttpHeaders headers, long remaining) {
            if (counted()) {
                headers.set(LIMIT, String.valueOf(limit));
                headers.set(REMAINING, String.valueOf(Math.max(0, remaining)));
                headers.set(RESET, String.valueOf(seconds(resetMillis)));
            }
        }
    }

    @SuppressWarnings("rawtypes")
    private final RedisScript<List> reserveScript = Scripts.script("ratelimit/tokens-reserve.lua", List.class);

    private final RedisScript<Long> settleScript = Scripts.script("ratelimit/tokens-settle.lua", Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final RateLimitProperties properties;
    private final MeterRegistry meters;
    private final String instance = Long.toHexString(System.nanoTime() ^ Double.doubleToLongBits(Math.random()));
    private final AtomicLong sequence = new AtomicLong();

    TokenLimiter(ReactiveStringRedisTemplate redis, RateLimitProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.properties = properties;
        this.meters = meters;
    }

    /** The tokens a request is estimated to use: prompt characters / 4 rounded up, plus the completion. */
    public long estimate(long promptChars, Integer maxTokens) {
        long completion = maxTokens != null && maxTokens > 0 ? maxTokens : properties.defaultCompletionTokens();
        return (Math.max(0, promptChars) + 3) / 4 + completion;
    }

    /**
     * Reserves {@code estimate} tokens for the caller; a 429 problem when they do not fit in the
     * caller's budget (an estimate larger than the whole budget is capped to it), a 503 problem
     * when Redis cannot be asked and the limits fail closed.
     */
    public Mono<Reservation> reserve(Caller caller, long estimate) {
        int limit = properties.tokenLimitFor(caller.tier());
        if (!properties.enabled() || caller.admin() || limit == 0) {
            return Mono.just(Reservation.NONE);
        }
        long tokens = Math.max(1, Math.min(estimate, limit));
        String key = properties.keyPrefix() + "tokens:user:" + caller.userId();
        String id = instance + "-" + sequence.incrementAndGet();
        List<String> args = List.of(
                String.valueOf(properties.window().toMillis()), String.valueOf(limit), String.valueOf(tokens), id);
        return redis.execute(reserveScript, List.of(key), args)
                .next()
                .timeout(properties.redisTimeout())
                .map(result -> (Object) result)
                .onErrorResume(e -> Mono.just(e))
                .flatMap(outcome -> {
                    if (outcome instanceof Throwable error) {
                        return redisDown(error);
                    }
                    List<?> result = (List<?>) outcome;
                    boolean allowed = number(result, 0) == 1;
                    Reservation reservation =
                            new Reservation(key, id, tokens, number(result, 1), number(result, 2), number(result, 3));
                    if (allowed) {
                        return Mono.just(reservation);
                    }
                    meters.counter("gateway.ratelimit.rejections", "scope", "tokens")
                            .increment();
                    long reset = seconds(reservation.resetMillis());
                    return Mono.error(new PlatformException(
                                    HttpStatus.TOO_MANY_REQUESTS,
                                    ProblemTypes.RATE_LIMITED,
                                    "Too many tokens",
                                    "This user's budget of " + limit + " tokens per "
                                            + properties.window().toSeconds() + " s cannot take the "
                                            + tokens + " tokens this request is estimated to use; retry after "
                                            + reset + " s")
                            .header(HttpHeaders.RETRY_AFTER, String.valueOf(reset))
                            .header(LIMIT, String.valueOf(limit))
                            .header(REMAINING, String.valueOf(reservation.remaining()))
                            .header(RESET, String.valueOf(reset)));
                });
    }

    /**
     * Replaces the reservation by the tokens actually used; emits the budget remaining now, or
     * nothing when nothing was reserved or Redis could not be asked.
     */
    public Mono<Long> settle(Reservation reservation, long actualTokens) {
        return update(reservation, Math.max(0, actualTokens));
    }

    /** Gives the whole reservation back, after a failed call. */
    public Mono<Void> release(Reservation reservation) {
        return update(reservation, 0).then();
    }

    private Mono<Long> update(Reservation reservation, long actualTokens) {
        if (!reservation.counted()) {
            return Mono.empty();
        }
        List<String> args = List.of(
                String.valueOf(properties.window().toMillis()),
                String.valueOf(reservation.limit()),
                reservation.id(),
                String.valueOf(reservation.tokens()),
                String.valueOf(actualTokens));
        return redis.execute(settleScript, List.of(reservation.redisKey()), args)
                .next()
                .timeout(SETTLE_TIMEOUT)
                .filter(remaining -> remaining >= 0)
                .onErrorResume(e -> {
                    log.warn("token reservation {} could not be settled: {}", reservation.id(), e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Reservation> redisDown(Throwable error) {
        meters.counter("gateway.ratelimit.redis.failures").increment();
        log.debug("token budget cannot be checked ({}): {}", properties.onRedisFailure(), error.toString());
        if (properties.onRedisFailure() == RateLimitProperties.FailureMode.FAIL_OPEN) {
            return Mono.just(Reservation.NONE);
        }
        return Mono.error(new PlatformException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemTypes.UNAVAILABLE,
                        "Service unavailable",
                        "Rate limits cannot be checked right now; try again shortly")
                .header(HttpHeaders.RETRY_AFTER, "1"));
    }

    private static long number(List<?> result, int index) {
        return ((Number) result.get(index)).longValue();
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
