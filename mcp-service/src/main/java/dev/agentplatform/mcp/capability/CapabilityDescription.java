package dev.agentplatform.mcp.capability;

import java.math.BigDecimal;
import java.util.List;

/**
 * A capability as {@code GET /v1/capabilities} lists it.
 *
 * @param name the capability's name, used in {@code POST /v1/capabilities/{name}/call}
 * @param servers the MCP servers of its chains, in chain order (primary first), each once
 * @param tools its tools' names
 * @param defaultTool the tool called when a request names none
 * @param costPerCallUsd the price of one call of the default tool on its primary entry, in US dollars
 * @param entries every entry of every tool's chain, with its state
 */
public record CapabilityDescription(
        String name,
        List<String> servers,
        List<String> tools,
        String defaultTool,
        BigDecimal costPerCallUsd,
        List<EntryDescription> entries) {

    /**
     * One entry of a tool's chain and how it fares.
     *
     * @param tool the capability's tool
     * @param server the MCP server
     * @param serverTool the server's tool it calls
     * @param normaliser how its answers are normalised
     * @param costPerCallUsd the price of one call in US dollars
     * @param expectedLatencyMs its configured usual latency
     * @param latencyMs its measured latency (moving average over its recent calls), or {@code null} before any
     * @param latencyBudgetMs its latency budget: expected latency times {@code latency-budget-factor}
     * @param withinBudget whether its measured latency is within budget; {@code null} before any call
     * @param preference its place in the order the next call tries its tool's entries (1 first): cheapest healthy
     *     entry within its latency budget first
     * @param state {@code healthy}, {@code open} (breaker open: skipped), {@code half_open} (probing),
     *     {@code no_key} (its API key is not set: skipped), {@code down} (its server is not running) or
     *     {@code quarantined} (its tool definition changed since it was approved: skipped)
     * @param reason why it is not healthy, or {@code null}
     */
    public record EntryDescription(
            String tool,
            String server,
            String serverTool,
            String normaliser,
            BigDecimal costPerCallUsd,
            long expectedLatencyMs,
            Long latencyMs,
            long latencyBudgetMs,
            Boolean withinBudget,
            int preference,
            String state,
            String reason) {}
}
