package dev.agentplatform.orchestrator.provider;

import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The simulated provider's latency and failure rate per agent as configured
 * ({@code platform.orchestrator.simulated}): the global latency unless an agent has its own.
 */
@Component
public class ConfiguredSimulations implements SimulationSettings {

    private final ProviderCatalogProperties.SimulatedProperties properties;

    ConfiguredSimulations(ProviderCatalogProperties properties) {
        this.properties = properties.simulated();
    }

    @Override
    public Simulation forAgent(String agent) {
        ProviderCatalogProperties.SimulatedAgent own =
                agent == null ? null : properties.agents().get(agent);
        long latency = own != null && own.latencyMs() != null ? own.latencyMs() : properties.latencyMs();
        return new Simulation(Duration.ofMillis(latency), own == null ? 0.0 : own.failureRate());
    }
}
