package dev.agentplatform.common;

import java.util.List;

/**
 * The router's choice for one prompt.
 *
 * @param agent the primary agent
 * @param team the primary agent's team
 * @param strategy how to run the agents
 * @param confidence the router's confidence in the primary, 0 to 1
 * @param candidates the scored agents, best first
 * @param agents the agents to run, primary first; for SINGLE the rest are fallbacks in order
 */
public record RoutingDecision(
        String agent,
        String team,
        Strategy strategy,
        double confidence,
        List<Candidate> candidates,
        List<String> agents) {

    /**
     * One scored agent.
     *
     * @param agent the agent's name
     * @param score its routing score, higher is better
     */
    public record Candidate(String agent, double score) {}
}
