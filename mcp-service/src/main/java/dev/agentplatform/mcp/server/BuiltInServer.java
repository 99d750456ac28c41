package dev.agentplatform.mcp.server;

import dev.agentplatform.common.CapabilityTool;
import java.util.List;
import java.util.Map;

/**
 * A server whose tools this service serves itself instead of a child process: a platform service's API offered
 * as tools (memory-service's search and add). It is named in capability chains like a stdio server, so the
 * capability machinery (breaker, schema check, pinned definitions, cost booking, metrics) treats both alike.
 * Each is a bean; {@link McpServers} finds them by {@link #name()}, which no stdio server may share.
 */
public interface BuiltInServer {

    /** The name capability chains use for this server. */
    String name();

    /** Its tools with descriptions and input schemas; fixed, as it ships with this service. */
    List<CapabilityTool> toolSpecs();

    /** Whether {@code tool} only reads, so a failed call may be tried on the next entry. */
    boolean readOnly(String tool);

    /**
     * Calls a tool on the thread of the request being served (where the caller's identity lives).
     *
     * @throws ServerCallException when the tool is unknown, the arguments are refused or the call fails
     */
    ToolResponse call(String tool, Map<String, Object> arguments);

    /** Its condition as the last call left it. */
    ServerState state();
}
