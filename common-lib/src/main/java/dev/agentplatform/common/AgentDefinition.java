package dev.agentplatform.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * An agent, whole: the registry (router-service) owns it and every other service reads it from
 * there, so nothing about an agent is configured in two places.
 *
 * @param name unique name
 * @param team its team
 * @param description what it is good at (routing)
 * @param keywords words that signal a prompt for it (routing)
 * @param examples prompts it should answer (routing)
 * @param systemPrompt the system message its model calls start with
 * @param provider the provider catalog entry it calls first, or {@code null} for its tier's chain
 * @param fallbackProviders providers tried in order after {@code provider}; ignored without one
 * @param capabilities MCP capabilities it uses
 * @param tier what its answers may cost; picks the default provider chain
 * @param expectedLatencyMs typical answer time in milliseconds; default 2000
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentDefinition(
        String name,
        String team,
        String description,
        List<String> keywords,
        List<String> examples,
        String systemPrompt,
        String provider,
        List<String> fallbackProviders,
        List<String> capabilities,
        ModelTier tier,
        Long expectedLatencyMs) {

    /** The typical answer time assumed for an agent that does not declare one. */
    public static final long DEFAULT_LATENCY_MS = 2000;

    public AgentDefinition {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        examples = examples == null ? List.of() : List.copyOf(examples);
        fallbackProviders = fallbackProviders == null ? List.of() : List.copyOf(fallbackProviders);
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        tier = tier == null ? ModelTier.CHEAP : tier;
        expectedLatencyMs = expectedLatencyMs == null ? DEFAULT_LATENCY_MS : expectedLatencyMs;
        if (provider != null && provider.isBlank()) {
            provider = null;
        }
    }

    /** A definition with its expected latency given as a plain number. */
    public AgentDefinition(
            String name,
            String team,
            String description,
            List<String> keywords,
            List<String> examples,
            String systemPrompt,
            String provider,
            List<String> fallbackProviders,
            List<String> capabilities,
            ModelTier tier,
            long expectedLatencyMs) {
        this(
                name,
                team,
                description,
                keywords,
                examples,
                systemPrompt,
                provider,
                fallbackProviders,
                capabilities,
                tier,
                Long.valueOf(expectedLatencyMs));
    }

    /** The system prompt an agent without one of its own gets: its name, team and description. */
    public String effectiveSystemPrompt() {
        if (systemPrompt != null && !systemPrompt.isBlank()) {
            return systemPrompt;
        }
        return "You are " + name + ", an agent of the " + team + " team."
                + (description == null || description.isBlank() ? "" : " " + description.strip())
                + " Answer the user's request accurately and concisely.";
    }

    /** The providers it names, in order, each once; empty when its tier's chain applies. */
    public List<String> namedProviders() {
        if (provider == null) {
            return List.of();
        }
        LinkedHashSet<String> chain = new LinkedHashSet<>();
        chain.add(provider);
        chain.addAll(fallbackProviders);
        return List.copyOf(chain);
    }
}
