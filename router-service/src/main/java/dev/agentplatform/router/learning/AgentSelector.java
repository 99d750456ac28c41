package dev.agentplatform.router.learning;

import dev.agentplatform.common.AgentDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Orders the agents of one intent by utility (see {@link SelectionProperties}) and keeps the current
 * primary of each intent unless a challenger beats it by the hysteresis margin: a failing agent
 * loses the slot as its rate falls, a recovered one wins it back, and a stationary one does not flap.
 */
public class AgentSelector {

    private final SelectionProperties properties;
    private final Map<String, String> primaries = new ConcurrentHashMap<>();

    public AgentSelector(SelectionProperties properties) {
        this.properties = properties;
    }

    /**
     * The candidates best first.
     *
     * @param intent what the candidates compete for (a team); the primary is remembered per intent
     * @param candidates the agents with their share of the intent's probability
     * @param stats what is known about each agent; absent means the cold-start prior
     * @param prior the cold-start success rate
     * @param budgetPressure 0 (plenty of budget) to 1 (none left)
     */
    public List<AgentDefinition> order(
            String intent,
            List<Candidate> candidates,
            Map<String, AgentStats> stats,
            double prior,
            double budgetPressure) {
        List<Scored> scored = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            scored.add(new Scored(c.agent(), utility(c, stats.get(c.agent().name()), prior, budgetPressure)));
        }
        scored.sort(Comparator.comparingDouble(Scored::utility)
                .reversed()
                .thenComparingInt(s -> s.agent().tier().rank())
                .thenComparing(s -> s.agent().name()));
        String incumbent = primaries.get(intent);
        if (incumbent != null && !scored.get(0).agent().name().equals(incumbent)) {
            for (int i = 1; i < scored.size(); i++) {
                Scored s = scored.get(i);
                if (s.agent().name().equals(incumbent)
                        && scored.get(0).utility() - s.utility() < properties.hysteresis()) {
                    scored.remove(i);
                    scored.add(0, s);
                    break;
                }
            }
        }
        primaries.put(intent, scored.get(0).agent().name());
        return scored.stream().map(Scored::agent).toList();
    }

    /** Whether {@code agent} holds the primary slot of some intent. */
    public boolean isPrimary(String agent) {
        return primaries.containsValue(agent);
    }

    double utility(Candidate c, AgentStats stats, double prior, double budgetPressure) {
        double rate = stats == null ? prior : stats.successRate();
        double latency = stats == null || stats.observations() == 0 ? c.agent().expectedLatencyMs() : stats.latencyMs();
        return Math.pow(c.share(), properties.shareExponent()) * rate
                - properties.latencyWeight() * Math.min(1.0, latency / properties.latencyScaleMs())
                - properties.costWeight() * budgetPressure * (c.agent().tier().rank() - 1) / 3.0;
    }

    /**
     * An agent competing for an intent.
     *
     * @param agent the agent
     * @param share its part of the intent's probability, 0 to 1
     */
    public record Candidate(AgentDefinition agent, double share) {}

    private record Scored(AgentDefinition agent, double utility) {}
}
