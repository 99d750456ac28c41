package dev.agentplatform.orchestrator.agent;

import java.time.Duration;
import java.util.List;

/**
 * An agent the orchestrator can run.
 *
 * @param name the agent's name, as the router knows it
 * @param team its team
 * @param systemPrompt the system message its calls start with
 * @param provider the provider catalog entry it calls
 * @param capabilities MCP capabilities it uses once per answer
 * @param simulatedLatency how long a simulated call takes
 * @param simulatedFailureRate the share of simulated calls that fail, 0.0 to 1.0
 */
public record Agent(
        String name,
        String team,
        String systemPrompt,
        String provider,
        List<String> capabilities,
        Duration simulatedLatency,
        double simulatedFailureRate) {

    public Agent {
        capabilities = List.copyOf(capabilities);
    }
}
