package dev.agentplatform.orchestrator.execution;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Per-agent attempt metrics, exported to Prometheus as {@code agent_requests_total{agent,status}}
 * and {@code agent_latency_seconds{agent}} (with buckets from 50 ms to 30 s).
 */
@Component
class AgentMetrics {

    static final String SUCCESS = "success";
    static final String FAILURE = "failure";
    static final String REJECTED = "circuit_open";

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final MeterRegistry registry;

    AgentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one attempt its open circuit breaker refused; it took no time worth recording. */
    void rejected(String agent) {
        Counter.builder("agent.requests")
                .description("Agent attempts by outcome")
                .tag("agent", agent)
                .tag("status", REJECTED)
                .register(registry)
                .increment();
    }

    /** Counts one attempt of a catalog agent and records how long it took. */
    void attempted(String agent, boolean success, Duration latency) {
        Counter.builder("agent.requests")
                .description("Agent attempts by outcome")
                .tag("agent", agent)
                .tag("status", success ? SUCCESS : FAILURE)
                .register(registry)
                .increment();
        Timer.builder("agent.latency")
                .description("Wall time of an agent attempt, tools and LLM call together")
                .tag("agent", agent)
                // A few fixed buckets keep nine agents' histograms cheap to scrape and store.
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(latency);
    }
}
