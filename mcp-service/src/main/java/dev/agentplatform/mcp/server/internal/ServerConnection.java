package dev.agentplatform.mcp.server.internal;

import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.mcp.server.ServerCallException;
import dev.agentplatform.mcp.server.ServerCallException.Kind;
import dev.agentplatform.mcp.server.ToolResponse;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * One initialized MCP session with a server: a child process spoken to over stdio, or a server reached over
 * Streamable HTTP. Both are the SDK's async client on its transport; what differs is how a dead server is noticed
 * ({@link Liveness}).
 */
public final class ServerConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerConnection.class);

    private static final McpSchema.Implementation CLIENT_INFO =
            new McpSchema.Implementation("agent-platform-mcp-service", "0.1.0");

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private final String name;
    private final Liveness transport;
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

    /** How a connection learns that its server is gone. */
    interface Liveness {

        /** Whether the server is gone: the process exited, or the HTTP server stopped answering. */
        boolean hasExited();

        /** {@code call}, failing as soon as the server is known to be gone. */
        <T> Mono<T> untilExit(Mono<T> call);

        /** A call failed in its transport (not with an answer): an HTTP server may be gone. */
        default void transportFailed() {}

        /** Runs {@code action} once the server is known to be gone (at once if it is already). */
        void whenGone(Runnable action);
    }

    /** A server over Streamable HTTP: gone once a call failed in the transport; the next use connects anew. */
    private static final class HttpLiveness implements Liveness {

        private final CompletableFuture<Void> gone = new CompletableFuture<>();
        private volatile boolean failed;

        @Override
        public boolean hasExited() {
            return failed;
        }

        @Override
        public <T> Mono<T> untilExit(Mono<T> call) {
            return call;
        }

        @Override
        public void transportFailed() {
            failed = true;
            gone.complete(null);
        }

        @Override
        public void whenGone(Runnable action) {
            gone.thenRun(action);
        }
    }

    private ServerConnection(
            String name, Liveness transport, McpAsyncClient client, Listing listing, Duration callTimeout) {
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
    public static ServerConnection stdio(
            String name, ServerParameters parameters, Duration callTimeout, Duration startupTimeout) {
        ExitAwareStdioTransport transport = new ExitAwareStdioTransport(name, parameters);
        return open(name, transport, transport, callTimeout, startupTimeout, "could not start: ");
    }

    /**
     * Connects to a server over Streamable HTTP at {@code url} (its MCP endpoint), sending {@code headers} with
     * every request, initializes the session and lists the tools.
     *
     * @throws ServerCallException of kind {@link Kind#UNAVAILABLE} when any of that fails or takes longer than
     *     {@code startupTimeout}
     */
    public static ServerConnection http(
            String name, URI url, Map<String, String> headers, Duration callTimeout, Duration startupTimeout) {
        HttpRequest.Builder requests = HttpRequest.newBuilder();
        headers.forEach(requests::header);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        url.getScheme() + "://" + url.getRawAuthority())
                .endpoint(url.getRawQuery() == null ? path : path + "?" + url.getRawQuery())
                .clientBuilder(HttpClient.newBuilder().connectTimeout(startupTimeout))
                .requestBuilder(requests)
                .build();
        return open(name, transport, new HttpLiveness(), callTimeout, startupTimeout, "could not connect: ");
    }

    private static ServerConnection open(
            String name,
            McpClientTransport transport,
            Liveness liveness,
            Duration callTimeout,
            Duration startupTimeout,
            String failure) {
        AtomicReference<ServerConnection> opened = new AtomicReference<>();
        McpAsyncClient client = McpClient.async(transport)
                // notifications/tools/list_changed: the SDK lists the tools again and hands them here
                .toolsChangeConsumer(tools -> Mono.fromRunnable(() -> {
                    ServerConnection connection = opened.get();
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
            liveness.untilExit(client.initialize()).timeout(startupTimeout).block();
            Listing listing = Listing.of(listTools(client, liveness, startupTimeout));
            ServerConnection connection = new ServerConnection(name, liveness, client, listing, callTimeout);
            opened.set(connection);
            return connection;
        } catch (RuntimeException e) {
            closeQuietly(name, client);
            throw new ServerCallException(name, Kind.UNAVAILABLE, failure + describe(e), e);
        }
    }

    private static List<McpSchema.Tool> listTools(McpAsyncClient client, Liveness transport, Duration timeout) {
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

    /**
     * Runs {@code action} (on the thread that noticed) once the process has exited, or a call failed in the HTTP
     * transport; at once when that has happened already.
     */
    void whenGone(Runnable action) {
        transport.whenGone(action);
    }

    /** Whether the process still runs (stdio), or no call failed in the transport (HTTP). */
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
            // block(timeout) waits on this thread's latch; a timeout operator would schedule (and cancel) a timer
            // task on a scheduler thread for every call. A timeout cancels the call all the same.
            CallToolResult result = transport
                    .untilExit(client.callTool(new CallToolRequest(tool, arguments)))
                    .block(callTimeout);
            if (result == null) {
                throw new ServerCallException(name, Kind.FAILED, "answered tool '" + tool + "' with nothing");
            }
            return new ToolResponse(text(result), Boolean.TRUE.equals(result.isError()));
        } catch (ServerCallException e) {
            throw e;
        } catch (RuntimeException e) {
            ServerCallException classified = classify(tool, e);
            if (classified.kind() == Kind.FAILED) {
                transport.transportFailed();
            }
            throw classified;
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
