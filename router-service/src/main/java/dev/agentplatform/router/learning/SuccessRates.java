package dev.agentplatform.router.learning;

import dev.agentplatform.common.OutcomeRecorded;
import java.util.Collection;
import java.util.Map;

/** Per-agent success statistics shared by every router instance. */
public interface SuccessRates {

    /** Applies one outcome; {@code false} when its event id was applied before. */
    boolean apply(OutcomeRecorded outcome);

    /** The statistics of {@code agents} that have any; others are absent. */
    Map<String, AgentStats> read(Collection<String> agents);

    /** Sets an agent's statistics unless it has some already (restoring from PostgreSQL). */
    void restore(String agent, AgentStats stats);
}
