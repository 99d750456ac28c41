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
     * Calls a tool; {@code whenDown} says what to do about a server that is not running or dies during the call.
     *
     * @throws ServerCallException when the server cannot start, does not offer the tool, rejects the
     *     arguments, fails or does not answer in time; of kind {@link ServerCallException.Kind#EXITED} when it is
     *     down and {@code whenDown} is {@link WhenDown#FALL_BACK}
     */
    ToolResponse call(String server, String tool, Map<String, Object> arguments, WhenDown whenDown);

    /** What a call does about a server whose process is not running, or dies before it answers. */
    enum WhenDown {
        /**
         * Fail at once ({@link ServerCallException.Kind#EXITED}) and leave the restart to the supervisor: the caller
         * has another entry to try, which answers sooner than a server started anew.
         */
        FALL_BACK,
        /**
         * Start the server and wait for it; a call it dies during fails: it may have reached its target (a write),
         * and is never sent twice.
         */
        WAIT,
        /**
         * Start the server and wait for it; a call it dies during is sent once more to the restarted server (a
         * read-only call with no other entry left to try).
         */
        WAIT_AND_REPEAT
    }

    /** A snapshot of every configured server. */
    List<ServerState> states();
}
