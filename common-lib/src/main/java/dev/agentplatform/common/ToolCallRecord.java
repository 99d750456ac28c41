package dev.agentplatform.common;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param guard the injection guard's verdict when the result was withheld from the model, else absent
 */
public record ToolCallRecord(
        String capability,
        String server,
        String tool,
        boolean error,
        long latencyMs,
        BigDecimal costUsd,
        @JsonInclude(JsonInclude.Include.NON_NULL) MessageVerdict guard) {

    /** A call whose result went to the model as it was. */
    public ToolCallRecord(
            String capability, String server, String tool, boolean error, long latencyMs, BigDecimal costUsd) {
        this(capability, server, tool, error, latencyMs, costUsd, null);
    }

    /** The same call, its result withheld from the model for {@code verdict}. */
    public ToolCallRecord withheld(MessageVerdict verdict) {
        return new ToolCallRecord(capability, server, tool, error, latencyMs, costUsd, verdict);
    }
}
