package dev.agentplatform.gateway.limits;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.gateway.config.ProblemResponses;
import dev.agentplatform.support.PlatformException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
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
 * Load shedding: at most {@code platform.gateway.limits.max-in-flight} requests for agents' work
 * (POST chat completions and tasks) are inside this instance at once, from admission until the
 * last byte of the answer (a stream counts until it ends). Beyond that a request gets a 503 problem
 * with {@code Retry-After: 1} at once: under overload the platform answers fast instead of queueing
 * behind the router and orchestrator without bound. Runs after the rate limits, so a caller over its
 * own limit still hears 429; exact cache hits are answered before it and never shed. A Resilience4j
 * semaphore bulkhead that never waits does the counting.
 *
 * <p>Before it sheds, it degrades: a request admitted while more than {@code degrade-in-flight} are
 * inside is marked overloaded ({@link #overloaded(ServerWebExchange)}), and the gateway asks for it
 * to run on the orchestrator's overload tier ({@code X-Platform-Overloaded}). On a small machine the
 * gateway is where overload shows first: the orchestrator's own in-flight count stays low while CPU,
 * not model calls, is what runs out.
 */
@Component
public class AdmissionFilter implements WebFilter, Ordered {

    /** Right after the rate limits (HIGHEST_PRECEDENCE + 25), before the body is read. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 26;

    private static final String OVERLOADED = AdmissionFilter.class.getName() + ".overloaded";

    private final Bulkhead bulkhead;
    private final ProblemResponses problems;
    private final Counter shed;
    private final Counter degraded;
    private final int maxInFlight;
    private final int degradeInFlight;

    AdmissionFilter(LimitsProperties properties, ProblemResponses problems, MeterRegistry meters) {
        this.maxInFlight = properties.maxInFlight();
        this.degradeInFlight = properties.degradeInFlight();
        this.problems = problems;
        this.bulkhead = Bulkhead.of(
                "gateway-admission",
                BulkheadConfig.custom()
                        .maxConcurrentCalls(Math.max(1, maxInFlight))
                        .maxWaitDuration(Duration.ZERO)
                        .build());
        Gauge.builder("gateway.admission.in.flight", bulkhead, b -> maxInFlight == 0 ? 0 : inFlight())
                .description("Requests for agents' work inside the gateway now")
                .register(meters);
        this.shed = Counter.builder("gateway.admission.shed")
                .description("Requests answered 503 because the gateway had the most it admits in flight")
                .register(meters);
        this.degraded = Counter.builder("gateway.admission.degraded")
                .description("Requests admitted over degrade-in-flight, sent to run on the overload tier")
                .register(meters);
    }

    /** Requests inside now (the bulkhead's permits taken). */
    private int inFlight() {
        return maxInFlight - bulkhead.getMetrics().getAvailableConcurrentCalls();
    }

    /** Whether the request was admitted while the gateway was over its {@code degrade-in-flight}. */
    public static boolean overloaded(ServerWebExchange exchange) {
        return Boolean.TRUE.equals(exchange.getAttribute(OVERLOADED));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (maxInFlight == 0 || !runsAgents(exchange)) {
            return chain.filter(exchange);
        }
        if (!bulkhead.tryAcquirePermission()) {
            shed.increment();
            return problems.write(
                    exchange,
                    new PlatformException(
                                    HttpStatus.SERVICE_UNAVAILABLE,
                                    ProblemTypes.UNAVAILABLE,
                                    "Overloaded",
                                    "This gateway is answering " + maxInFlight
                                            + " requests already, the most it takes at once; try again shortly")
                            .header(HttpHeaders.RETRY_AFTER, "1"));
        }
        if (degradeInFlight > 0 && inFlight() > degradeInFlight) {
            degraded.increment();
            exchange.getAttributes().put(OVERLOADED, Boolean.TRUE);
        }
        return chain.filter(exchange).doFinally(signal -> bulkhead.onComplete());
    }

    /** A request that makes agents work: a new chat completion or task. */
    private static boolean runsAgents(ServerWebExchange exchange) {
        if (!HttpMethod.POST.equals(exchange.getRequest().getMethod())) {
            return false;
        }
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return path.equals("/v1/chat/completions") || path.equals("/v1/tasks");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
