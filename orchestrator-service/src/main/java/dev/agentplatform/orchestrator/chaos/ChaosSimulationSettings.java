package dev.agentplatform.orchestrator.chaos;

import dev.agentplatform.orchestrator.provider.ConfiguredSimulations;
import dev.agentplatform.orchestrator.provider.Simulation;
import dev.agentplatform.orchestrator.provider.SimulationSettings;
import java.time.Duration;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/** The simulated provider's behaviour per agent: chaos when set, else the configured ones. */
@Component
@Primary
class ChaosSimulationSettings implements SimulationSettings {

    private final ChaosStore chaos;
    private final ConfiguredSimulations configured;

    ChaosSimulationSettings(ChaosStore chaos, ConfiguredSimulations configured) {
        this.chaos = chaos;
        this.configured = configured;
    }

    @Override
    public Simulation forAgent(String agent) {
        return chaos.find(agent)
                .map(c -> new Simulation(Duration.ofMillis(c.latencyMs()), c.failureRate()))
                .orElseGet(() -> configured.forAgent(agent));
    }
}
