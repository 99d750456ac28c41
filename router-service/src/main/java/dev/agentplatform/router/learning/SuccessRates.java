package dev.agentplatform.router.learning;

import dev.agentplatform.common.OutcomeRecorded;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Per-agent success statistics shared by every router instance. */
public interface SuccessRates {

    /**
     * Applies one outcome.
     *
     * @return the agent's statistics with it; empty when its event id was applied before
     */
    Optional<AgentStats> apply(OutcomeRecorded outcome);

    /** The statistics of {@code agents} that have any; others are absent. */
    Map<String, AgentStats> read(Collection<String> agents);

    /** Sets an agent's statistics unless it has some already (restoring from PostgreSQL). */
    void restore(String agent, AgentStats stats);
}
