package dev.agentplatform.orchestrator.chaos;

import dev.agentplatform.orchestrator.agent.AgentCatalog;
import dev.agentplatform.orchestrator.provider.Simulation;
import dev.agentplatform.orchestrator.provider.SimulationSettings;
import java.time.Duration;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/** The simulated provider's behaviour per agent: chaos when set, else the agent catalog's settings. */
@Component
@Primary
class ChaosSimulationSettings implements SimulationSettings {

    private final ChaosStore chaos;
    private final AgentCatalog catalog;

    ChaosSimulationSettings(ChaosStore chaos, AgentCatalog catalog) {
        this.chaos = chaos;
        this.catalog = catalog;
    }

    @Override
    public Simulation forAgent(String agent) {
        return chaos.find(agent)
                .map(c -> new Simulation(Duration.ofMillis(c.latencyMs()), c.failureRate()))
                .orElseGet(() -> catalog.forAgent(agent));
    }
}
