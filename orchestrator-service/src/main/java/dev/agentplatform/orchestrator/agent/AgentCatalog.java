package dev.agentplatform.orchestrator.agent;

import dev.agentplatform.orchestrator.provider.Simulation;
import dev.agentplatform.orchestrator.provider.SimulationSettings;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Looks agents up by name. */
@Component
public class AgentCatalog implements SimulationSettings {

    private final Map<String, Agent> agents;

    @Autowired
    AgentCatalog(AgentCatalogProperties properties) {
        this(properties.agents().entrySet().stream()
                .map(e -> new Agent(
                        e.getKey(),
                        e.getValue().team(),
                        e.getValue().systemPrompt(),
                        e.getValue().provider(),
                        e.getValue().capabilities(),
                        Duration.ofMillis(e.getValue().simulated().latencyMs()),
                        e.getValue().simulated().failureRate(),
                        e.getValue().fallbackProviders()))
                .toList());
    }

    private AgentCatalog(List<Agent> agents) {
        Map<String, Agent> byName = new LinkedHashMap<>();
        agents.forEach(a -> byName.put(a.name(), a));
        this.agents = Collections.unmodifiableMap(byName);
    }

    /** A catalog of exactly these agents. */
    public static AgentCatalog of(Collection<Agent> agents) {
        return new AgentCatalog(List.copyOf(agents));
    }

    /** The agent called {@code name}, if configured. */
    public Optional<Agent> find(String name) {
        return Optional.ofNullable(name == null ? null : agents.get(name));
    }

    /** The configured latency and failure rate of the simulated provider for {@code agent}. */
    @Override
    public Simulation forAgent(String agent) {
        return find(agent)
                .map(a -> new Simulation(a.simulatedLatency(), a.simulatedFailureRate()))
                .orElse(Simulation.IDEAL);
    }

    /** Every configured agent, in configuration order. */
    public Collection<Agent> all() {
        return agents.values();
    }
}
