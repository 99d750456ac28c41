package dev.agentplatform.mcp.server;

import java.util.List;

/**
 * A server's condition as health checks and operators see it.
 *
 * @param name the configured name
 * @param alive whether its process runs and its MCP session is initialized
 * @param tools the tools it listed when it last started
 * @param restarts how often it was started again after its first successful start
 * @param lastError why its last start or call failed, or {@code null}
 */
public record ServerState(String name, boolean alive, List<String> tools, int restarts, String lastError) {}
