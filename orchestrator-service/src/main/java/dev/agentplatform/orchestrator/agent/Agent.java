package dev.agentplatform.orchestrator.agent;

import dev.agentplatform.common.ModelTier;
import java.util.List;

/**
 * An agent the orchestrator can run, as resolved from its definition in the registry.
 *
 * @param name the agent's name
 * @param team its team
 * @param systemPrompt the system message its calls start with; {@code null} for none (a catalog
 *     model addressed directly)
 * @param providers the provider chain it calls, in order: the providers it names, else its tier's
 *     chain, in both cases only entries whose key is set; {@code simulated} when none is
 * @param capabilities MCP capabilities it uses: called once per answer (simulated provider), or
 *     offered to a real model as tools
 * @param tier what its answers may cost
 */
public record Agent(
        String name,
        String team,
        String systemPrompt,
        List<String> providers,
        List<String> capabilities,
        ModelTier tier) {

    public Agent {
        providers = List.copyOf(providers);
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        tier = tier == null ? ModelTier.CHEAP : tier;
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("agent " + name + " has no provider to call");
        }
    }

    /** The provider it calls first. */
    public String provider() {
        return providers.get(0);
    }
}
