package dev.agentplatform.orchestrator.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One circuit breaker per agent and one per real provider. A breaker opens after
 * {@code failure-threshold} consecutive failures (a count window of that size that must be all
 * failures), fails fast for {@code open-duration}, then lets {@code half-open-calls} probes through.
 */
@Component
public class Breakers {

    private static final CircuitBreaker.State[] EXPORTED = {
        CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN
    };

    private final CircuitBreakerRegistry agents;
    private final CircuitBreakerRegistry providers;
    private final MeterRegistry meters;
    private final Set<String> exported = ConcurrentHashMap.newKeySet();

    public Breakers(ResilienceProperties properties, MeterRegistry meters) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.failureThreshold())
                .minimumNumberOfCalls(properties.failureThreshold())
                .failureRateThreshold(100.0f)
                .waitDurationInOpenState(properties.openDuration())
                .permittedNumberOfCallsInHalfOpenState(properties.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        this.agents = CircuitBreakerRegistry.of(config);
        this.providers = CircuitBreakerRegistry.of(config);
        this.meters = meters;
    }

    /** The breaker of {@code agent}. */
    public CircuitBreaker agent(String agent) {
        return agents.circuitBreaker(agent);
    }

    /** The breaker of {@code provider}. */
    public CircuitBreaker provider(String provider) {
        CircuitBreaker breaker = providers.circuitBreaker(provider);
        if (exported.add("provider:" + provider)) {
            for (CircuitBreaker.State state : EXPORTED) {
                // Looked up on every scrape, so a forgotten breaker's successor is what shows.
                Gauge.builder(
                                "provider.circuit.breaker.state",
                                providers,
                                r -> r.circuitBreaker(provider).getState() == state ? 1 : 0)
                        .description("1 when the provider's circuit breaker is in this state")
                        .tag("provider", provider)
                        .tag("state", name(state))
                        .register(meters);
            }
        }
        return breaker;
    }

    /**
     * Exports {@code circuit_breaker_state{agent,state}} for {@code agent}: 1 for its current state,
     * 0 for the others. Only for agents from configuration: names from the wire must not mint series.
     */
    public void export(String agent) {
        if (exported.add("agent:" + agent)) {
            for (CircuitBreaker.State state : EXPORTED) {
                Gauge.builder(
                                "circuit.breaker.state",
                                agents,
                                r -> r.circuitBreaker(agent).getState() == state ? 1 : 0)
                        .description("1 when the agent's circuit breaker is in this state")
                        .tag("agent", agent)
                        .tag("state", name(state))
                        .register(meters);
            }
        }
    }

    /**
     * Drops {@code agent}'s breaker; the next call starts a fresh, CLOSED one. Unlike a reset, a
     * transition the old breaker had scheduled cannot touch the new one.
     */
    public void forget(String agent) {
        agents.remove(agent);
    }

    /** Whether {@code agent}'s breaker would let a call through now (not OPEN or FORCED_OPEN). */
    public boolean healthy(String agent) {
        CircuitBreaker.State state = agent(agent).getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    /** Whether {@code error} is a breaker refusing a call. */
    public static boolean refused(Throwable error) {
        return error instanceof CallNotPermittedException;
    }

    private static String name(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
