package dev.agentplatform.router.learning;

/**
 * What is known about one agent's recent attempts.
 *
 * @param successRate exponential moving average of success (1) and failure (0)
 * @param observations outcomes applied so far
 * @param latencyMs moving average of attempt latency in milliseconds, 0 before the first outcome
 */
public record AgentStats(double successRate, long observations, double latencyMs) {

    /** Nothing observed yet: the prior. */
    public static AgentStats coldStart(double prior) {
        return new AgentStats(prior, 0, 0);
    }

    /**
     * This state after one more outcome. The weight of the outcome is {@code max(alpha, 1 / (n + 1 +
     * priorWeight))}: early on the prior counts as {@code priorWeight} observations and the rate is
     * their running mean, later it is a plain EMA with weight {@code alpha}. The Redis script does
     * the same arithmetic.
     */
    public AgentStats observe(boolean success, long latency, double alpha, double priorWeight) {
        double weight = Math.max(alpha, 1.0 / (observations + 1 + priorWeight));
        double rate = successRate + weight * ((success ? 1.0 : 0.0) - successRate);
        double lat = observations == 0 ? latency : latencyMs + weight * (latency - latencyMs);
        return new AgentStats(rate, observations + 1, lat);
    }
}
