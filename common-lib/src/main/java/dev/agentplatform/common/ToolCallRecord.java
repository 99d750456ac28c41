package dev.agentplatform.common;

import java.math.BigDecimal;

/**
 * A capability call an agent made while answering.
 *
 * @param capability the capability asked for, e.g. {@code filesystem}
 * @param server the MCP server that served it
 * @param tool the MCP tool called
 * @param error whether the tool reported an error
 * @param latencyMs wall time of the call in milliseconds
 * @param costUsd what the call cost
 */
public record ToolCallRecord(
        String capability, String server, String tool, boolean error, long latencyMs, BigDecimal costUsd) {}
