package dev.agentplatform.router.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The agents the router knows, in catalog order; looked up by agent name or team. */
@Component
public class AgentRegistry {

    private final Map<String, Agent> agents;

    public AgentRegistry(AgentCatalogProperties properties) {
        Map<String, Agent> byName = new LinkedHashMap<>();
        properties
                .agents()
                .forEach((name, definition) -> byName.put(
                        name,
                        new Agent(
                                name,
                                definition.team(),
                                definition.description(),
                                definition.keywords(),
                                definition.costTier(),
                                definition.avgLatencyMs())));
        this.agents = Collections.unmodifiableMap(byName);
    }

    /** Every agent, in catalog order. */
    public List<Agent> all() {
        return List.copyOf(agents.values());
    }

    /** The agent called {@code name}. */
    public Optional<Agent> find(String name) {
        return Optional.ofNullable(agents.get(name));
    }

    /** The agents of {@code team}, empty when there is no such team. */
    public List<Agent> team(String team) {
        List<Agent> members = new ArrayList<>();
        for (Agent agent : agents.values()) {
            if (agent.team().equals(team)) {
                members.add(agent);
            }
        }
        return members;
    }

    /** Team names, in order of first appearance. */
    public Set<String> teams() {
        Set<String> teams = new LinkedHashSet<>();
        agents.values().forEach(agent -> teams.add(agent.team()));
        return teams;
    }
}
