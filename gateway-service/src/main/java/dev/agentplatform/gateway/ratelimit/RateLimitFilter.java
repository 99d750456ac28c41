package dev.agentplatform.gateway.ratelimit;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.gateway.config.ProblemResponses;
import dev.agentplatform.support.PlatformException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Applies the rate limits to every authenticated {@code /v1/**} request (except reading the state
 * or events of a task already admitted), right after
 * authentication and before the body is read. Refusals are 429 problems with {@code Retry-After};
 * every answer carries {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset} (seconds).
 */
@Component
public class RateLimitFilter implements WebFilter, Ordered {

    /** Right after authentication (HIGHEST_PRECEDENCE + 20), before the body size limit. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 25;

    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";
    static final String RESET = "X-RateLimit-Reset";

    /** Exchange attribute: the limits were already checked for this request (by the exact-hit fast path). */
    private static final String CHECKED = RateLimitFilter.class.getName() + ".checked";

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final RateLimiter limiter;
    private final RateLimitProperties properties;
    private final ProblemResponses problems;
    private final MeterRegistry meters;
    private final Counter redisFailures;
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    RateLimitFilter(
            RateLimiter limiter, RateLimitProperties properties, ProblemResponses problems, MeterRegistry meters) {
        this.limiter = limiter;
        this.properties = properties;
        this.problems = problems;
        this.meters = meters;
        this.redisFailures = Counter.builder("gateway.ratelimit.redis.failures")
                .description("Rate limit checks that could not reach Redis")
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!properties.enabled() || !path.startsWith("/v1/") || isTaskPolling(exchange, path)) {
            return chain.filter(exchange);
        }
        Caller caller = Caller.find(exchange).orElse(null);
        if (caller == null || caller.admin() || exchange.getAttributes().containsKey(CHECKED)) {
            return chain.filter(exchange);
        }
        return limiter.check(caller)
                .map(decision -> (Object) decision)
                .onErrorResume(e -> Mono.just(e))
                .flatMap(outcome -> {
                    if (outcome instanceof RateLimiter.Decision decision) {
                        return decide(decision, exchange, () -> chain.filter(exchange));
                    }
                    return redisDown((Throwable) outcome, exchange, chain);
                });
    }

    /** Whether the limits apply to this request at all (they are on, and it is not a task poll). */
    public boolean applies(ServerWebExchange exchange) {
        return properties.enabled()
                && !isTaskPolling(
                        exchange,
                        exchange.getRequest().getPath().pathWithinApplication().value());
    }

    /**
     * Applies a decision taken before this filter ran, in the same round trip as another read: the
     * rate-limit headers, and the 429 problem when refused; when admitted, {@code admitted} answers
     * and this filter lets the request pass later without a second check.
     */
    public Mono<Void> apply(RateLimiter.Decision decision, ServerWebExchange exchange, Supplier<Mono<Void>> admitted) {
        exchange.getAttributes().put(CHECKED, Boolean.TRUE);
        return decide(decision, exchange, admitted);
    }

    private Mono<Void> decide(
            RateLimiter.Decision decision, ServerWebExchange exchange, Supplier<Mono<Void>> admitted) {
        if (decision.scope() != RateLimiter.Scope.NONE) {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set(LIMIT, String.valueOf(decision.limit()));
            headers.set(REMAINING, String.valueOf(decision.remaining()));
            headers.set(RESET, String.valueOf(decision.resetSeconds()));
        }
        if (decision.allowed()) {
            return admitted.get();
        }
        String scope = switch (decision.scope()) {
            case GLOBAL -> "global";
            case KEY -> "key";
            default -> "user";
        };
        meters.counter("gateway.ratelimit.rejections", "scope", scope).increment();
        return problems.write(
                exchange,
                new PlatformException(
                                HttpStatus.TOO_MANY_REQUESTS,
                                ProblemTypes.RATE_LIMITED,
                                "Too many requests",
                                switch (scope) {
                                    case "global" ->
                                        "The gateway's overall request limit is reached; retry after "
                                                + decision.resetSeconds() + " s";
                                    case "key" ->
                                        "This key's own limit of " + decision.limit() + " requests per "
                                                + properties.window().toSeconds() + " s is reached; retry after "
                                                + decision.resetSeconds() + " s";
                                    default ->
                                        "This user's limit of " + decision.limit() + " requests per "
                                                + properties.window().toSeconds()
                                                + " s, across all of the user's keys, is reached; retry after "
                                                + decision.resetSeconds() + " s";
                                })
                        .header(HttpHeaders.RETRY_AFTER, String.valueOf(decision.resetSeconds())));
    }

    private Mono<Void> redisDown(Throwable error, ServerWebExchange exchange, WebFilterChain chain) {
        redisFailures.increment();
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastFailureLog.compareAndSet(last, now)) {
            log.warn("rate limits cannot be checked ({}): {}", properties.onRedisFailure(), error.toString());
        }
        if (properties.onRedisFailure() == RateLimitProperties.FailureMode.FAIL_OPEN) {
            return chain.filter(exchange);
        }
        return problems.write(
                exchange,
                new PlatformException(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                ProblemTypes.UNAVAILABLE,
                                "Service unavailable",
                                "Rate limits cannot be checked right now; try again shortly")
                        .header(HttpHeaders.RETRY_AFTER, "1"));
    }

    /** Watching a task that was already admitted is not a new request for work. */
    private static boolean isTaskPolling(ServerWebExchange exchange, String path) {
        return HttpMethod.GET.equals(exchange.getRequest().getMethod()) && path.startsWith("/v1/tasks/");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
