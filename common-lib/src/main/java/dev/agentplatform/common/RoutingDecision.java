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
 * @param model a provider catalog model id the caller addressed directly: no agent answers, the
 *     provider serving that model does (with its tier's fallbacks); {@code null} otherwise
 */
public record RoutingDecision(
        String agent,
        String team,
        Strategy strategy,
        double confidence,
        List<Candidate> candidates,
        List<String> agents,
        String model) {

    /** The agent shown for an answer no agent gave (a catalog model addressed directly). */
    public static final String NO_AGENT = "-";

    /** A decision for agents. */
    public RoutingDecision(
            String agent,
            String team,
            Strategy strategy,
            double confidence,
            List<Candidate> candidates,
            List<String> agents) {
        this(agent, team, strategy, confidence, candidates, agents, null);
    }

    /** The decision for a catalog model addressed directly. */
    public static RoutingDecision direct(String model) {
        return new RoutingDecision(NO_AGENT, NO_AGENT, Strategy.SINGLE, 1.0, List.of(), List.of(NO_AGENT), model);
    }

    /**
     * One scored agent.
     *
     * @param agent the agent's name
     * @param score its routing score, higher is better
     */
    public record Candidate(String agent, double score) {}
}
