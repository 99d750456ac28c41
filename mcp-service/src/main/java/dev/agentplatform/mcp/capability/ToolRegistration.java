package dev.agentplatform.mcp.capability;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.Map;

/**
 * A chain entry registered at run time ({@code POST /v1/capabilities/{name}/tools}, admin only): appended to the
 * chain of the capability's tool, which is created (and the capability with it) when it does not exist yet.
 *
 * @param tool the capability's tool name, as callers use it. Required.
 * @param server a configured MCP server ({@code platform.mcp.servers.stdio}). Required.
 * @param serverTool the server's tool; default {@code tool}
 * @param arguments argument mapping, as {@link CapabilityProperties.Entry#arguments()}; default the caller's unchanged
 * @param normaliser {@code text}, {@code brave}, {@code tavily} or {@code duckduckgo}; default {@code text}
 * @param costPerCallUsd price of one call in US dollars; default 0
 * @param expectedLatencyMs usual latency in milliseconds; default 1000
 * @param readOnly whether the tool only reads (fallback allowed); for a new tool only; default the server's annotation
 * @param description for a new tool only; default the server's
 * @param inputSchema for a new tool only; default the server's
 * @param queryArgument for a new tool only: the argument filled from the call's query
 */
public record ToolRegistration(
        @NotBlank @Size(max = 100) @Pattern(regexp = NAME) String tool,
        @NotBlank @Size(max = 100) String server,
        @Size(max = 200) String serverTool,
        Map<String, Object> arguments,
        @Size(max = 20) String normaliser,
        @PositiveOrZero BigDecimal costPerCallUsd,
        @PositiveOrZero Long expectedLatencyMs,
        Boolean readOnly,
        @Size(max = 4000) String description,
        Map<String, Object> inputSchema,
        @Size(max = 100) String queryArgument) {

    /** What a capability or tool name may be: it is a path segment and a function name for models. */
    public static final String NAME = "[A-Za-z0-9_.-]{1,100}";
}
