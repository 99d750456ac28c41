package dev.agentplatform.common;

import java.math.BigDecimal;

/**
 * What a capability call returned.
 *
 * @param capability the capability used
 * @param server the MCP server that answered (after any fallback)
 * @param tool the tool called
 * @param error whether the tool reported an error
 * @param content the tool's text output
 * @param latencyMs wall time of the call in milliseconds
 * @param costUsd the call's price
 */
public record CapabilityResult(
        String capability,
        String server,
        String tool,
        boolean error,
        String content,
        long latencyMs,
        BigDecimal costUsd) {}
