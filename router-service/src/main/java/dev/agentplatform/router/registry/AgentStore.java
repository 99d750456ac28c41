package dev.agentplatform.router.registry;

import dev.agentplatform.common.AgentDefinition;
import java.util.List;

/**
 * Where registered agents live. The registry keeps a snapshot in memory and reloads it from the
 * store whenever the store's {@link #version()} moves.
 */
public interface AgentStore {

    /** Every stored agent, oldest first. */
    List<AgentDefinition> load();

    /** Stores {@code agent}; {@code false} when the name is taken. Bumps the version when stored. */
    boolean insert(AgentDefinition agent);

    /**
     * Replaces the definition of the agent called {@code agent.name()}, keeping its place in the
     * order; {@code false} when there is none. Bumps the version when replaced.
     */
    boolean replace(AgentDefinition agent);

    /** Removes the agent called {@code name}; {@code false} when there is none. Bumps the version when removed. */
    boolean delete(String name);

    /** A number that changes whenever the stored agents change. */
    long version();

    /**
     * Stores {@code agents} unless seeding happened before, even if every seeded agent was deleted
     * since: the configured catalog is a starting point, not a state to restore.
     *
     * @return whether this call seeded
     */
    boolean seedOnce(List<AgentDefinition> agents);
}
