package dev.agentplatform.mcp.server.internal;

import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.mcp.server.ServerCallException;
import dev.agentplatform.mcp.server.ServerCallException.Kind;
import dev.agentplatform.mcp.server.ToolResponse;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/** One running server process and its initialized MCP session. */
public final class StdioServerConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StdioServerConnection.class);

    private static final McpSchema.Implementation CLIENT_INFO =
            new McpSchema.Implementation("agent-platform-mcp-service", "0.1.0");

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private final String name;
    private final ExitAwareStdioTransport transport;
    private final McpAsyncClient client;
    private final Duration callTimeout;
    private volatile Listing listing;

    /** The tools as the server last listed them, with the names of those it annotated read-only. */
    private record Listing(List<CapabilityTool> specs, List<String> names, Set<String> readOnly) {

        static Listing of(List<McpSchema.Tool> tools) {
            List<CapabilityTool> specs = tools.stream()
                    .map(tool -> new CapabilityTool(tool.name(), tool.description(), tool.inputSchema()))
                    .toList();
            Set<String> readOnly = tools.stream()
                    .filter(tool -> tool.annotations() != null
                            && Boolean.TRUE.equals(tool.annotations().readOnlyHint()))
                    .map(McpSchema.Tool::name)
                    .collect(Collectors.toUnmodifiableSet());
            return new Listing(specs, specs.stream().map(CapabilityTool::name).toList(), readOnly);
        }
    }

    private StdioServerConnection(
            String name,
            ExitAwareStdioTransport transport,
            McpAsyncClient client,
            Listing listing,
            Duration callTimeout) {
        this.name = name;
        this.transport = transport;
        this.client = client;
        this.listing = listing;
        this.callTimeout = callTimeout;
    }

    /**
     * Starts the process, initializes the session and lists the tools.
     *
     * @throws ServerCallException of kind {@link Kind#UNAVAILABLE} when any of that fails or takes longer than
     *     {@code startupTimeout}
     */
    public static StdioServerConnection open(
            String name, ServerParameters parameters, Duration callTimeout, Duration startupTimeout) {
        ExitAwareStdioTransport transport = new ExitAwareStdioTransport(name, parameters);
        AtomicReference<StdioServerConnection> opened = new AtomicReference<>();
        McpAsyncClient client = McpClient.async(transport)
                // notifications/tools/list_changed: the SDK lists the tools again and hands them here
                .toolsChangeConsumer(tools -> Mono.fromRunnable(() -> {
                    StdioServerConnection connection = opened.get();
                    if (connection != null) {
                        connection.listing = Listing.of(tools);
                        log.info("MCP server {} changed its tools: {}", name, connection.tools());
                    }
                }))
                .clientInfo(CLIENT_INFO)
                // No roots capability: the filesystem server would otherwise swap its configured root for ours.
                .capabilities(McpSchema.ClientCapabilities.builder().build())
                .initializationTimeout(startupTimeout)
                // Our own per-call timeouts below fire first and say which limit was hit.
                .requestTimeout(max(callTimeout, startupTimeout).plusSeconds(1))
                .build();
        try {
            transport.untilExit(client.initialize()).timeout(startupTimeout).block();
            Listing listing = Listing.of(listTools(client, transport, startupTimeout));
            StdioServerConnection connection = new StdioServerConnection(name, transport, client, listing, callTimeout);
            opened.set(connection);
            return connection;
        } catch (RuntimeException e) {
            closeQuietly(name, client);
            throw new ServerCallException(name, Kind.UNAVAILABLE, "could not start: " + describe(e), e);
        }
    }

    private static List<McpSchema.Tool> listTools(
            McpAsyncClient client, ExitAwareStdioTransport transport, Duration timeout) {
        List<McpSchema.Tool> specs = new ArrayList<>();
        String cursor = null;
        do {
            Mono<ListToolsResult> page = cursor == null ? client.listTools() : client.listTools(cursor);
            ListToolsResult result = transport.untilExit(page).timeout(timeout).block();
            if (result == null) {
                break;
            }
            specs.addAll(result.tools());
            cursor = result.nextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return specs;
    }

    public String name() {
        return name;
    }

    /** The tools the server listed last (at start, or after it said its list changed), in its order. */
    public List<String> tools() {
        return listing.names();
    }

    /** The tools the server listed last with their descriptions and input schemas, in its order. */
    public List<CapabilityTool> toolSpecs() {
        return listing.specs();
    }

    /** Whether the server annotated {@code tool} as read-only ({@code readOnlyHint}). */
    public boolean readOnly(String tool) {
        return listing.readOnly().contains(tool);
    }

    /** Whether the process still runs. */
    public boolean alive() {
        return !transport.hasExited();
    }

    /**
     * Calls a tool; a tool that reports failure ({@code isError}) is an answer, not an exception.
     *
     * @throws ServerCallException when the server does not offer the tool, rejects the arguments, fails, exits or
     *     does not answer within the call timeout
     */
    public ToolResponse call(String tool, Map<String, Object> arguments) {
        if (!tools().contains(tool)) {
            throw new ServerCallException(name, Kind.TOOL_NOT_OFFERED, "does not offer tool '" + tool + "'");
        }
        try {
            CallToolResult result = transport
                    .untilExit(client.callTool(new CallToolRequest(tool, arguments)))
                    .timeout(callTimeout)
                    .block();
            if (result == null) {
                throw new ServerCallException(name, Kind.FAILED, "answered tool '" + tool + "' with nothing");
            }
            return new ToolResponse(text(result), Boolean.TRUE.equals(result.isError()));
        } catch (ServerCallException e) {
            throw e;
        } catch (RuntimeException e) {
            throw classify(tool, e);
        }
    }

    private ServerCallException classify(String tool, RuntimeException e) {
        Throwable cause = Exceptions.unwrap(e);
        if (hasCause(cause, TimeoutException.class)) {
            return new ServerCallException(
                    name,
                    Kind.TIMEOUT,
                    "no answer from tool '" + tool + "' within " + callTimeout.toMillis() + " ms",
                    e);
        }
        if (cause instanceof McpError mcpError
                && mcpError.getJsonRpcError() != null
                && Integer.valueOf(McpSchema.ErrorCodes.INVALID_PARAMS)
                        .equals(mcpError.getJsonRpcError().code())) {
            return new ServerCallException(
                    name, Kind.INVALID_ARGUMENTS, mcpError.getJsonRpcError().message(), e);
        }
        if (cause instanceof McpError mcpError && mcpError.getJsonRpcError() != null) {
            return new ServerCallException(
                    name, Kind.REJECTED, mcpError.getJsonRpcError().message(), e);
        }
        return new ServerCallException(name, Kind.FAILED, "tool '" + tool + "' failed: " + describe(cause), e);
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        Throwable cause = Exceptions.unwrap(error);
        if (hasCause(cause, TimeoutException.class)) {
            return "timed out";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    static String text(CallToolResult result) {
        if (result.content() == null) {
            return "";
        }
        return result.content().stream()
                .map(content -> content instanceof TextContent text ? text.text() : "[" + content.type() + " content]")
                .collect(Collectors.joining("\n"));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Ends the session and the process. */
    @Override
    public void close() {
        closeQuietly(name, client);
    }

    private static void closeQuietly(String name, McpAsyncClient client) {
        try {
            client.closeGracefully().timeout(CLOSE_TIMEOUT).block();
        } catch (RuntimeException e) {
            log.debug("MCP server {} did not close gracefully; closing it", name, e);
            client.close();
        }
    }
}
