package dev.agentplatform.gateway.limits;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.gateway.config.ProblemResponses;
import dev.agentplatform.support.PlatformException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * own limit still hears 429; exact cache hits are answered before it and never shed.
 *
 * <p>A plain {@link Semaphore} taken with {@link Semaphore#tryAcquire()} does the counting, not
 * Resilience4j's semaphore bulkhead: the bulkhead takes its permit with a timed acquire, which fails
 * on a thread whose interrupt flag is set and sets the flag again, so one stray interrupt of an event
 * loop thread would make every later request served on that thread shed as if the gateway were full.
 * The untimed acquire never looks at the flag. A permit is given back exactly once, whether the
 * answer completes, fails or the client goes away.
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

    private final Semaphore permits;
    private final ProblemResponses problems;
    private final Counter shed;
    private final Counter degraded;
    private final int maxInFlight;
    private final int degradeInFlight;

    AdmissionFilter(LimitsProperties properties, ProblemResponses problems, MeterRegistry meters) {
        this.maxInFlight = properties.maxInFlight();
        this.degradeInFlight = properties.degradeInFlight();
        this.problems = problems;
        this.permits = new Semaphore(Math.max(1, maxInFlight));
        Gauge.builder("gateway.admission.in.flight", permits, p -> maxInFlight == 0 ? 0 : inFlight())
                .description("Requests for agents' work inside the gateway now")
                .register(meters);
        this.shed = Counter.builder("gateway.admission.shed")
                .description("Requests answered 503 because the gateway had the most it admits in flight")
                .register(meters);
        this.degraded = Counter.builder("gateway.admission.degraded")
                .description("Requests admitted over degrade-in-flight, sent to run on the overload tier")
                .register(meters);
    }

    /** Requests inside now (the permits taken). */
    private int inFlight() {
        return maxInFlight - permits.availablePermits();
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
        if (!permits.tryAcquire()) {
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
        AtomicBoolean released = new AtomicBoolean();
        return Mono.defer(() -> chain.filter(exchange)).doFinally(signal -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        });
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
