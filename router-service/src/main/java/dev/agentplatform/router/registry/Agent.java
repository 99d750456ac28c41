package dev.agentplatform.router.registry;

import java.util.List;

/**
 * One routable agent.
 *
 * @param name unique name, also what callers put in {@code model} or {@code agents}
 * @param team the team it belongs to ({@code code}, {@code research}, {@code data}, ...)
 * @param description what it is good at, in a sentence
 * @param keywords words and short phrases that signal a prompt for it
 * @param examples prompts it should answer, as declared at registration; may be empty
 * @param costTier relative price, 1 (cheapest) to 4
 * @param avgLatencyMs typical answer time in milliseconds
 */
public record Agent(
        String name,
        String team,
        String description,
        List<String> keywords,
        List<String> examples,
        int costTier,
        long avgLatencyMs) {

    public Agent {
        keywords = List.copyOf(keywords);
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    /** An agent declared without examples. */
    public Agent(String name, String team, String description, List<String> keywords, int costTier, long avgLatencyMs) {
        this(name, team, description, keywords, List.of(), costTier, avgLatencyMs);
    }
}
