package dev.agentplatform.mcp.server.internal;

import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.mcp.server.ServerCallException;
import dev.agentplatform.mcp.server.ServerCallException.Kind;
import dev.agentplatform.mcp.server.ServerState;
import dev.agentplatform.mcp.server.ToolResponse;
import io.modelcontextprotocol.client.transport.ServerParameters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final ServerParameters parameters;
    private final Duration callTimeout;
    private final Duration startupTimeout;
    private final Duration restartBackoff;
    private final Clock clock;
    private final String disabled;

    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicBoolean reviving = new AtomicBoolean();
    private volatile StdioServerConnection connection;
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
        this.disabled = disabled;
        this.lastError = disabled;
        this.name = name;
        this.parameters = parameters;
        this.callTimeout = callTimeout;
        this.startupTimeout = startupTimeout;
        this.restartBackoff = restartBackoff;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    /** The tools listed last: by the running process, else at the last successful start. */
    public List<String> tools() {
        StdioServerConnection current = connection;
        return current != null ? current.tools() : tools;
    }

    /** The tools listed last, with their descriptions and input schemas. */
    public List<CapabilityTool> toolSpecs() {
        StdioServerConnection current = connection;
        return current != null ? current.toolSpecs() : toolSpecs;
    }

    /** Whether the server annotated {@code tool} read-only, as the running process (or the last one) said. */
    public boolean readOnly(String tool) {
        StdioServerConnection current = connection;
        return current != null ? current.readOnly(tool) : lastReadOnly.contains(tool);
    }

    /** Why the server is never started, or {@code null}. */
    public String disabled() {
        return disabled;
    }

    public boolean alive() {
        StdioServerConnection current = connection;
        return current != null && current.alive();
    }

    public ServerState state() {
        return new ServerState(name, alive(), tools(), Math.max(0, starts.get() - 1), lastError);
    }

    /**
     * Calls a tool, (re)starting the server first when its process is not running. A process that
     * dies between that check and its answer (its exit is noticed a moment after it happens) gets the
     * call once more on a restarted server, but only when {@code repeatable} (a read-only tool): a
     * write may have reached its target before the process died, and is never sent twice.
     */
    public ToolResponse call(String tool, Map<String, Object> arguments, boolean repeatable) {
        try {
            return callOnce(tool, arguments);
        } catch (ServerCallException e) {
            if (!repeatable || !exited(e)) {
                throw e;
            }
            log.warn("MCP server {} exited during a call of {}; calling it again on a restarted server", name, tool);
            return callOnce(tool, arguments);
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

    private ToolResponse callOnce(String tool, Map<String, Object> arguments) {
        StdioServerConnection current = connection();
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

    private StdioServerConnection connection() {
        StdioServerConnection current = connection;
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
                log.warn("MCP server {} has exited; restarting it", name);
                lastError = "process exited";
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

    private StdioServerConnection start() {
        try {
            StdioServerConnection started = StdioServerConnection.open(name, parameters, callTimeout, startupTimeout);
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
        StdioServerConnection current = connection;
        connection = null;
        if (current != null) {
            current.close();
        }
    }
}
