package dev.agentplatform.router.registry;

/** What the router has learned about an agent so far, shown by {@code GET /v1/agents}. */
public interface LiveStats {

    /** The live statistics of {@code agent}; a cold-start value when nothing was observed yet. */
    AgentLiveStats of(String agent);

    /**
     * One agent's live statistics.
     *
     * @param successRate exponential moving average of its attempts' success, 0 to 1
     * @param observations attempts observed since it was first seen
     * @param latencyMs moving average of its attempts' latency in milliseconds, or its declared latency
     * @param primary whether it currently holds the primary slot among its competitors
     */
    record AgentLiveStats(double successRate, long observations, double latencyMs, boolean primary) {}
}
