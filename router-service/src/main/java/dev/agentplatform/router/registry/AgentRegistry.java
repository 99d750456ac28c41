package dev.agentplatform.router.registry;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * The agents the router knows: an in-memory snapshot of the {@link AgentStore}, so that a routing
 * decision never waits for the database. Writes go to the store first and reload the snapshot at
 * once; other instances reload when told through Redis or when their poll sees the store's version
 * move ({@link RegistrySync}).
 */
public class AgentRegistry {

    private static final Logger log = LoggerFactory.getLogger(AgentRegistry.class);

    private final AgentStore store;
    private final List<Consumer<List<AgentDefinition>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot = new Snapshot(-1, Map.of());

    /** The configured catalog alone, in memory: for tests and tools without a database. */
    public AgentRegistry(AgentCatalogProperties catalog) {
        this(new InMemoryAgentStore(), catalog);
    }

    public AgentRegistry(AgentStore store, AgentCatalogProperties catalog) {
        this.store = store;
        if (catalog.seed() && store.seedOnce(catalog.toAgents())) {
            log.info(
                    "seeded the agent registry with {} configured agents",
                    catalog.agents().size());
        }
        refresh();
    }

    /** Every agent, oldest registration first. */
    public List<AgentDefinition> all() {
        return List.copyOf(snapshot.agents().values());
    }

    /** Every agent and the store version they reflect, read together. */
    public Listing listing() {
        Snapshot current = snapshot;
        return new Listing(current.version(), List.copyOf(current.agents().values()));
    }

    /** The agent called {@code name}. */
    public Optional<AgentDefinition> find(String name) {
        return Optional.ofNullable(snapshot.agents().get(name));
    }

    /** The agents of {@code team}, empty when there is no such team. */
    public List<AgentDefinition> team(String team) {
        List<AgentDefinition> members = new ArrayList<>();
        for (AgentDefinition agent : snapshot.agents().values()) {
            if (agent.team().equals(team)) {
                members.add(agent);
            }
        }
        return members;
    }

    /** Team names, in order of first appearance. */
    public Set<String> teams() {
        Set<String> teams = new LinkedHashSet<>();
        snapshot.agents().values().forEach(agent -> teams.add(agent.team()));
        return teams;
    }

    /** Stores a new agent and makes it routable; a 409 problem when the name is taken. */
    public AgentDefinition register(AgentDefinition agent) {
        if (!store.insert(agent)) {
            throw new PlatformException(
                    HttpStatus.CONFLICT,
                    ProblemTypes.CONFLICT,
                    "Conflict",
                    "An agent named '%s' is already registered".formatted(agent.name()));
        }
        refresh();
        return agent;
    }

    /** Replaces an agent's whole definition; a 404 problem when there is none of that name. */
    public AgentDefinition replace(AgentDefinition agent) {
        if (!store.replace(agent)) {
            throw notFound(agent.name());
        }
        refresh();
        return agent;
    }

    /** Removes an agent; a 404 problem when there is none of that name. */
    public void remove(String name) {
        if (!store.delete(name)) {
            throw notFound(name);
        }
        refresh();
    }

    /** The 404 problem for an agent name the registry does not hold. */
    static PlatformException notFound(String name) {
        return new PlatformException(
                HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", "No agent named '%s'".formatted(name));
    }

    /** The store's version this snapshot reflects. */
    public long version() {
        return snapshot.version();
    }

    /** Reloads the snapshot when the store changed since the last load; tells the listeners. */
    public synchronized boolean refreshIfChanged() {
        return store.version() != snapshot.version() && refresh();
    }

    /** Reloads the snapshot from the store and tells the listeners. */
    public synchronized boolean refresh() {
        long version = store.version();
        Map<String, AgentDefinition> byName = new LinkedHashMap<>();
        store.load().forEach(agent -> byName.put(agent.name(), agent));
        snapshot = new Snapshot(version, Collections.unmodifiableMap(byName));
        List<AgentDefinition> agents = all();
        for (Consumer<List<AgentDefinition>> listener : listeners) {
            try {
                listener.accept(agents);
            } catch (RuntimeException e) {
                log.warn("registry listener failed: {}", e.toString());
            }
        }
        return true;
    }

    /** Calls {@code listener} with every agent now and after each reload. */
    public void onChange(Consumer<List<AgentDefinition>> listener) {
        listeners.add(listener);
        listener.accept(all());
    }

    private record Snapshot(long version, Map<String, AgentDefinition> agents) {}

    /**
     * The registry at one version.
     *
     * @param version the store's version
     * @param agents every agent, oldest registration first
     */
    public record Listing(long version, List<AgentDefinition> agents) {}
}
