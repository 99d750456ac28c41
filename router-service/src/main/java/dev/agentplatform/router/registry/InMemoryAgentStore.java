package dev.agentplatform.router.registry;

import dev.agentplatform.common.AgentDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@link AgentStore} in this JVM only: for tests and tools that need no database. */
public final class InMemoryAgentStore implements AgentStore {

    private final Map<String, AgentDefinition> agents = new LinkedHashMap<>();
    private long version;
    private boolean seeded;

    @Override
    public synchronized List<AgentDefinition> load() {
        return new ArrayList<>(agents.values());
    }

    @Override
    public synchronized boolean insert(AgentDefinition agent) {
        if (agents.putIfAbsent(agent.name(), agent) != null) {
            return false;
        }
        version++;
        return true;
    }

    @Override
    public synchronized boolean replace(AgentDefinition agent) {
        if (agents.replace(agent.name(), agent) == null) {
            return false;
        }
        version++;
        return true;
    }

    @Override
    public synchronized boolean delete(String name) {
        if (agents.remove(name) == null) {
            return false;
        }
        version++;
        return true;
    }

    @Override
    public synchronized long version() {
        return version;
    }

    @Override
    public synchronized boolean seedOnce(List<AgentDefinition> seed) {
        if (seeded) {
            return false;
        }
        seeded = true;
        seed.forEach(agent -> agents.putIfAbsent(agent.name(), agent));
        version++;
        return true;
    }
}
