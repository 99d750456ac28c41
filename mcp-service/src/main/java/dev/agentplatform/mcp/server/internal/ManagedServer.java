package dev.agentplatform.mcp.server.internal;

import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.mcp.server.ServerCallException;
import dev.agentplatform.mcp.server.ServerCallException.Kind;
import dev.agentplatform.mcp.server.ServerState;
import dev.agentplatform.mcp.server.ToolResponse;
import io.modelcontextprotocol.client.transport.ServerParameters;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured server across its process lifetimes: starts it, notices that it died and starts it again on
 * its next use, and holds back restarts of a server that just failed to start.
 */
public final class ManagedServer {

    private static final Logger log = LoggerFactory.getLogger(ManagedServer.class);

    private final String name;
    /** Starts the server's process, or connects to it, and initializes a session. */
    private final Supplier<ServerConnection> opener;

    private final Duration restartBackoff;
    private final Clock clock;
    private final String disabled;

    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicBoolean reviving = new AtomicBoolean();
    private volatile ServerConnection connection;
    private volatile List<String> tools = List.of();
    private volatile List<CapabilityTool> toolSpecs = List.of();
    private volatile Set<String> lastReadOnly = Set.of();
    private volatile String lastError;
    private volatile Instant lastFailedStart;
    private volatile boolean closed;

    public ManagedServer(
            String name,
            ServerParameters parameters,
            Duration callTimeout,
            Duration startupTimeout,
            Duration restartBackoff,
            Clock clock) {
        this(name, parameters, callTimeout, startupTimeout, restartBackoff, clock, null);
    }

    /**
     * A server run as a child process over stdio.
     *
     * @param disabled why the server must not be started (e.g. its API key is not set), or {@code null}; a
     *     disabled server is never started and every call to it fails at once as unavailable
     */
    public ManagedServer(
            String name,
            ServerParameters parameters,
            Duration callTimeout,
            Duration startupTimeout,
            Duration restartBackoff,
            Clock clock,
            String disabled) {
        this(
                name,
                () -> ServerConnection.stdio(name, parameters, callTimeout, startupTimeout),
                restartBackoff,
                clock,
                disabled);
    }

    private ManagedServer(
            String name, Supplier<ServerConnection> opener, Duration restartBackoff, Clock clock, String disabled) {
        this.disabled = disabled;
        this.lastError = disabled;
        this.name = name;
        this.opener = opener;
        this.restartBackoff = restartBackoff;
        this.clock = clock;
    }

    /**
     * A server reached over Streamable HTTP at {@code url}, with {@code headers} on every request. It is
     * "started" by connecting and initializing a session; a call that fails in the transport (refused connection,
     * lost session) makes the next call connect anew.
     *
     * @param disabled as for a stdio server
     */
    public static ManagedServer http(
            String name,
            URI url,
            Map<String, String> headers,
            Duration callTimeout,
            Duration startupTimeout,
            Duration restartBackoff,
            Clock clock,
            String disabled) {
        return new ManagedServer(
                name,
                () -> ServerConnection.http(name, url, headers, callTimeout, startupTimeout),
                restartBackoff,
                clock,
                disabled);
    }

    public String name() {
        return name;
    }

    /** The tools listed last: by the running process, else at the last successful start. */
    public List<String> tools() {
        ServerConnection current = connection;
        return current != null ? current.tools() : tools;
    }

    /** The tools listed last, with their descriptions and input schemas. */
    public List<CapabilityTool> toolSpecs() {
        ServerConnection current = connection;
        return current != null ? current.toolSpecs() : toolSpecs;
    }

    /** Whether the server annotated {@code tool} read-only, as the running process (or the last one) said. */
    public boolean readOnly(String tool) {
        ServerConnection current = connection;
        return current != null ? current.readOnly(tool) : lastReadOnly.contains(tool);
    }

    /** Why the server is never started, or {@code null}. */
    public String disabled() {
        return disabled;
    }

    public boolean alive() {
        ServerConnection current = connection;
        return current != null && current.alive();
    }

    public ServerState state() {
        return new ServerState(name, alive(), tools(), Math.max(0, starts.get() - 1), lastError);
    }

    /**
     * Calls a tool, (re)starting the server first when its process is not running (or connecting anew to an HTTP
     * server whose last call failed in the transport). A process that dies between that check and its answer (its
     * exit is noticed a moment after it happens), or an HTTP server that stops answering during the call (restarted,
     * its session lost), gets the call once more on a restarted server or a new connection, but only when
     * {@code repeatable} (a read-only tool): a write may have reached its target before, and is never sent twice.
     */
    public ToolResponse call(String tool, Map<String, Object> arguments, boolean repeatable) {
        ServerConnection used = connection();
        try {
            return callOn(used, tool, arguments);
        } catch (ServerCallException e) {
            if (!repeatable) {
                throw e;
            }
            if (exited(e)) {
                log.warn(
                        "MCP server {} exited during a call of {}; calling it again on a restarted server", name, tool);
            } else if (!used.alive()) {
                log.warn(
                        "MCP server {} stopped answering during a call of {}; calling it again on a new connection",
                        name,
                        tool);
            } else {
                throw e;
            }
            return callOn(connection(), tool, arguments);
        }
    }

    private static boolean exited(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ExitAwareStdioTransport.ServerExitedException) {
                return true;
            }
        }
        return false;
    }

    private ToolResponse callOn(ServerConnection current, String tool, Map<String, Object> arguments) {
        try {
            return current.call(tool, arguments);
        } catch (ServerCallException e) {
            if (e.kind() != Kind.TOOL_NOT_OFFERED && e.kind() != Kind.INVALID_ARGUMENTS) {
                lastError = e.getMessage();
            }
            throw e;
        }
    }

    /** Starts the server unless it runs; a failure is logged and kept in {@link #state()}. */
    public void ensureStarted() {
        try {
            connection();
        } catch (ServerCallException e) {
            log.debug("MCP server {} not started: {}", name, e.getMessage());
        }
    }

    /** Starts a dead server on {@code executor} unless a start is already under way or held back. */
    public void reviveOn(Executor executor) {
        if (closed || disabled != null || alive() || !startDue() || !reviving.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    ensureStarted();
                } finally {
                    reviving.set(false);
                }
            });
        } catch (RuntimeException e) {
            reviving.set(false);
            log.debug("Could not schedule a restart of MCP server {}", name, e);
        }
    }

    private ServerConnection connection() {
        ServerConnection current = connection;
        if (current != null && current.alive()) {
            return current;
        }
        synchronized (this) {
            current = connection;
            if (current != null && current.alive()) {
                return current;
            }
            if (closed) {
                throw new ServerCallException(name, Kind.UNAVAILABLE, "is shut down");
            }
            if (disabled != null) {
                throw new ServerCallException(name, Kind.UNAVAILABLE, "is disabled: " + disabled);
            }
            if (current != null) {
                tools = current.tools();
                toolSpecs = current.toolSpecs();
                lastReadOnly = tools.stream().filter(current::readOnly).collect(Collectors.toSet());
                log.warn("MCP server {} has exited or stopped answering; starting it again", name);
                lastError = "exited or stopped answering";
                connection = null;
                current.close();
            }
            if (!startDue()) {
                throw new ServerCallException(
                        name, Kind.UNAVAILABLE, "is not running; its last start failed: " + lastError);
            }
            return start();
        }
    }

    private boolean startDue() {
        Instant failedAt = lastFailedStart;
        return failedAt == null || !clock.instant().isBefore(failedAt.plus(restartBackoff));
    }

    private ServerConnection start() {
        try {
            ServerConnection started = opener.get();
            connection = started;
            tools = started.tools();
            toolSpecs = started.toolSpecs();
            lastError = null;
            lastFailedStart = null;
            boolean restart = starts.incrementAndGet() > 1;
            log.info("MCP server {} {} with tools {}", name, restart ? "restarted" : "started", tools);
            return started;
        } catch (ServerCallException e) {
            lastFailedStart = clock.instant();
            lastError = e.getMessage();
            log.warn("MCP server {} {}", name, e.getMessage());
            throw e;
        }
    }

    /** Stops the process; later calls fail as unavailable. */
    public synchronized void close() {
        closed = true;
        ServerConnection current = connection;
        connection = null;
        if (current != null) {
            current.close();
        }
    }
}
