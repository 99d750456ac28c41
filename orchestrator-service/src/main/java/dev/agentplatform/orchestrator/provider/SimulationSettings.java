package dev.agentplatform.orchestrator.provider;

/** Where the simulated provider learns each agent's latency and failure rate. */
@FunctionalInterface
public interface SimulationSettings {

    /** The simulation for {@code agent}; {@link Simulation#IDEAL} for an agent nobody configured. */
    Simulation forAgent(String agent);
}
