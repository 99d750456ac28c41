package dev.agentplatform.orchestrator.provider;

import java.time.Duration;

/**
 * How the simulated provider behaves for one agent.
 *
 * @param latency how long a call takes
 * @param failureRate the share of calls that fail, 0.0 to 1.0
 */
public record Simulation(Duration latency, double failureRate) {

    /** Instant answers, no failures. */
    public static final Simulation IDEAL = new Simulation(Duration.ZERO, 0.0);

    public Simulation {
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive, was " + latency);
        }
        if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
            throw new IllegalArgumentException("failureRate must be within 0.0 and 1.0, was " + failureRate);
        }
    }
}
