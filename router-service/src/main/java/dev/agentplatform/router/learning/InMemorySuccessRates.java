package dev.agentplatform.router.learning;

import dev.agentplatform.common.OutcomeRecorded;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link SuccessRates} in this JVM only: for simulations and unit tests. */
public final class InMemorySuccessRates implements SuccessRates {

    private final LearningProperties properties;
    private final Map<String, AgentStats> stats = new HashMap<>();
    private final Set<String> applied = new HashSet<>();

    public InMemorySuccessRates(LearningProperties properties) {
        this.properties = properties;
    }

    @Override
    public synchronized Optional<AgentStats> apply(OutcomeRecorded outcome) {
        if (!applied.add(outcome.eventId())) {
            return Optional.empty();
        }
        AgentStats next = stats.getOrDefault(outcome.agent(), AgentStats.coldStart(properties.prior()))
                .observe(outcome.success(), outcome.latencyMs(), properties.alpha(), properties.priorWeight());
        stats.put(outcome.agent(), next);
        return Optional.of(next);
    }

    @Override
    public synchronized Map<String, AgentStats> read(Collection<String> agents) {
        Map<String, AgentStats> result = new HashMap<>();
        for (String agent : agents) {
            AgentStats s = stats.get(agent);
            if (s != null) {
                result.put(agent, s);
            }
        }
        return result;
    }

    @Override
    public synchronized void restore(String agent, AgentStats restored) {
        stats.putIfAbsent(agent, restored);
    }
}
