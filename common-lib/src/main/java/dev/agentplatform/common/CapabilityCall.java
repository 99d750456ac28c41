package dev.agentplatform.common;

import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A request to use a capability through the MCP service.
 *
 * @param tool the MCP tool to call, or {@code null} for the capability's default tool
 * @param arguments the tool's arguments; missing ones take the capability's configured defaults
 */
public record CapabilityCall(@Size(max = 200) String tool, Map<String, Object> arguments) {}
