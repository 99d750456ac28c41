package dev.agentplatform.mcp.server;

import dev.agentplatform.common.CapabilityTool;
import java.util.List;
import java.util.Map;

/**
 * The MCP servers, by the names given in {@link McpServersProperties#stdio()} and {@link McpServersProperties#http()},
 * and the built-in ones.
 */
public interface McpServers {

    /** Whether a server of this name is configured. */
    boolean exists(String server);

    /** The tools the server listed when it last started, in its order; empty when it has never started. */
    List<String> tools(String server);

    /**
     * The tools the server listed when it last started, with descriptions and input schemas, in its order;
     * empty when it has never started.
     */
    List<CapabilityTool> toolSpecs(String server);

    /** Whether the server annotated {@code tool} as read-only in its tool list. */
    boolean readOnly(String server, String tool);

    /** Why the server is never started (e.g. its API key is not set), or {@code null}. */
    String disabled(String server);

    /**
     * Calls a tool, starting the server first when it is not running. {@code repeatable} says the
     * call may be sent once more when the server's process dies during it (read-only tools only).
     *
     * @throws ServerCallException when the server cannot start, does not offer the tool, rejects the
     *     arguments, fails or does not answer in time
     */
    ToolResponse call(String server, String tool, Map<String, Object> arguments, boolean repeatable);

    /** A snapshot of every configured server. */
    List<ServerState> states();
}
