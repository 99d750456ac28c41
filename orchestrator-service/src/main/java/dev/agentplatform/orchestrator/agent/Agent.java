package dev.agentplatform.orchestrator.agent;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * An agent the orchestrator can run.
 *
 * @param name the agent's name, as the router knows it
 * @param team its team
 * @param systemPrompt the system message its calls start with
 * @param provider the provider catalog entry it calls
 * @param capabilities MCP capabilities it uses: called once per answer (simulated provider), or offered
 *     to a real model as tools
 * @param simulatedLatency how long a simulated call takes
 * @param simulatedFailureRate the share of simulated calls that fail, 0.0 to 1.0
 * @param fallbackProviders providers tried in order when {@code provider} cannot answer
 */
public record Agent(
        String name,
        String team,
        String systemPrompt,
        String provider,
        List<String> capabilities,
        Duration simulatedLatency,
        double simulatedFailureRate,
        List<String> fallbackProviders) {

    public Agent {
        capabilities = List.copyOf(capabilities);
        fallbackProviders = fallbackProviders == null ? List.of() : List.copyOf(fallbackProviders);
    }

    /** An agent with no fallback providers. */
    public Agent(
            String name,
            String team,
            String systemPrompt,
            String provider,
            List<String> capabilities,
            Duration simulatedLatency,
            double simulatedFailureRate) {
        this(name, team, systemPrompt, provider, capabilities, simulatedLatency, simulatedFailureRate, List.of());
    }

    /** The provider chain: {@code provider}, then the fallbacks, each once. */
    public List<String> providers() {
        LinkedHashSet<String> chain = new LinkedHashSet<>();
        chain.add(provider);
        chain.addAll(fallbackProviders);
        return List.copyOf(chain);
    }

    /**
     * The profile of an agent this orchestrator has no configuration for (registered at the router
     * at runtime): the simulated provider and a generic system prompt naming the agent and its team.
     */
    public static Agent unconfigured(String name, String team) {
        String t = team == null || team.isBlank() ? "general" : team;
        return new Agent(
                name,
                t,
                "You are " + name + ", an agent of the " + t
                        + " team. Answer the user's request accurately and concisely.",
                "simulated",
                List.of(),
                Duration.ZERO,
                0.0);
    }
}
