package dev.agentplatform.common;

import java.util.Map;

/**
 * A tool a capability offers, as its MCP server described it: what an LLM needs to call it.
 *
 * @param name the tool's name, as {@link CapabilityCall#tool()} takes it
 * @param description what the tool does, or {@code null} when the server gave no description
 * @param inputSchema the JSON schema of the tool's arguments, unchanged from the server's {@code tools/list}
 */
public record CapabilityTool(String name, String description, Map<String, Object> inputSchema) {

    public CapabilityTool {
        inputSchema = inputSchema == null ? Map.of() : inputSchema;
    }
}
