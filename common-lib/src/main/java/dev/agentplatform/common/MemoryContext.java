package dev.agentplatform.common;

import java.time.Instant;
import java.util.List;

/**
 * What memory-service recalls for a question, packed to a token budget: what the orchestrator puts
 * in front of a model ({@code GET /v1/memories/context}).
 *
 * @param items the recalled items: the conversation's recent turns (tier {@code hot}, oldest first),
 *     then what search found (tier {@code warm}, best first)
 * @param tokens the tokens of all items' texts together (cl100k_base)
 * @param maxTokens the budget they were packed to
 */
public record MemoryContext(List<Item> items, int tokens, int maxTokens) {

    /**
     * One recalled item.
     *
     * @param tier {@code hot} or {@code warm}
     * @param role the author's role for a turn ({@code user}, {@code assistant}); {@code null} for a search result
     * @param text the text
     * @param sources the ids of the messages it came from (empty for a HOT turn, which has none)
     * @param at when it was said, if known
     */
    public record Item(String tier, String role, String text, List<String> sources, Instant at) {}
}
