package dev.agentplatform.mcp.server.internal;

import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.mcp.server.McpServers.WhenDown;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured server across its process lifetimes: starts it, notices at once that it died (its process exited,
 * or its HTTP session was lost) and, when supervised, starts it again in the background; restarts of a server that
 * failed to start, or died soon after it started, are held back by a backoff that doubles with each such failure.
 */
public final class ManagedServer {

    private static final Logger log = LoggerFactory.getLogger(ManagedServer.class);

    private final String name;
    /** Starts the server's process, or connects to it, and initializes a session. */
    private final Supplier<ServerConnection> opener;

    private final Duration restartBackoff;
    private final Duration maxRestartBackoff;
    private final Clock clock;
    private final String disabled;
    /** Runs restarts in the background, or {@code null}: then a dead server is started on its next call only. */
    private final ScheduledExecutorService supervisor;

    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicBoolean reviving = new AtomicBoolean();
    private volatile ServerConnection connection;
    private volatile List<String> tools = List.of();
    private volatile List<CapabilityTool> toolSpecs = List.of();
    private volatile Set<String> lastReadOnly = Set.of();
    private volatile String lastError;
    private volatile Instant lastFailedStart;
    /** Failed starts (and deaths soon after a start) since the server last ran for a while; sizes the backoff. */
    private volatile int failedStarts;
    /** Deaths in a row, each soon after its start. */
    private volatile int quickDeaths;

    private volatile Instant startedAt;
    private volatile boolean closed;

    public ManagedServer(
            String name,
            ServerParameters parameters,
            Duration callTimeout,
            Duration startupTimeout,
            Duration restartBackoff,
            Clock clock) {
        this(
                name,
                parameters,
                callTimeout,
                startupTimeout,
                new Restarts(restartBackoff, restartBackoff, null),
                clock,
                null);
    }

    /**
     * How a server is started again.
     *
     * @param backoff pause after a failed start (or a death within this long after a start) before the next start;
     *     doubled with each further such failure
     * @param maxBackoff the longest pause the doubling reaches
     * @param supervisor runs restarts in the background as soon as a server is found dead (and again after a
     *     failed one, after the backoff), or {@code null}: a dead server is then started on its next call only
     */
    public record Restarts(Duration backoff, Duration maxBackoff, ScheduledExecutorService supervisor) {}

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
            Restarts restarts,
            Clock clock,
            String disabled) {
        this(
                name,
                () -> ServerConnection.stdio(name, parameters, callTimeout, startupTimeout),
                restarts,
                clock,
                disabled);
    }

    private ManagedServer(
            String name, Supplier<ServerConnection> opener, Restarts restarts, Clock clock, String disabled) {
        this.disabled = disabled;
        this.lastError = disabled;
        this.name = name;
        this.opener = opener;
        this.restartBackoff = restarts.backoff();
        this.maxRestartBackoff = max(restarts.backoff(), restarts.maxBackoff());
        this.supervisor = restarts.supervisor();
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
            Restarts restarts,
            Clock clock,
            String disabled) {
        return new ManagedServer(
                name,
                () -> ServerConnection.http(name, url, headers, callTimeout, startupTimeout),
                restarts,
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
     * Calls a tool. {@link WhenDown#FALL_BACK}: a server that is not running, or whose process exits (or HTTP session
     * breaks) before it answers, fails the call at once as {@link Kind#EXITED}, and the supervisor restarts it.
     * Otherwise the server is (re)started first when it is not running (or connected anew, for an HTTP server whose
     * last call failed in the transport); a process that dies between that check and its answer, or an HTTP server
     * that stops answering during the call, gets the call once more on a restarted server or a new connection, but
     * only for {@link WhenDown#WAIT_AND_REPEAT} (a read-only tool): a write may have reached its target before, and
     * is never sent twice.
     */
    public ToolResponse call(String tool, Map<String, Object> arguments, WhenDown whenDown) {
        if (whenDown == WhenDown.FALL_BACK) {
            return callOrFallBack(tool, arguments);
        }
        ServerConnection used = connection();
        try {
            return callOn(used, tool, arguments);
        } catch (ServerCallException e) {
            if (whenDown != WhenDown.WAIT_AND_REPEAT) {
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

    private ToolResponse callOrFallBack(String tool, Map<String, Object> arguments) {
        ServerConnection current = connection;
        if (current == null || !current.alive()) {
            if (closed || disabled != null || supervisor == null) {
                // nothing restarts it in the background: this call starts it (or says why it cannot)
                return call(tool, arguments, WhenDown.WAIT);
            }
            restartSoon();
            if (starts.get() == 0) {
                throw new ServerCallException(name, Kind.UNAVAILABLE, "is not running: " + lastError);
            }
            throw new ServerCallException(name, Kind.EXITED, "is not running (exited; being restarted)");
        }
        try {
            return callOn(current, tool, arguments);
        } catch (ServerCallException e) {
            if (exited(e) || !current.alive()) {
                restartSoon();
                throw new ServerCallException(
                        name, Kind.EXITED, "exited before it answered tool '" + tool + "'; being restarted", e);
            }
            throw e;
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

    /**
     * Has the supervisor start the dead server, once its backoff has passed, unless a start is already under way
     * or scheduled; a failed start schedules the next one (with the doubled backoff).
     */
    private void restartSoon() {
        ScheduledExecutorService scheduler = supervisor;
        if (scheduler == null || closed || disabled != null || alive() || !reviving.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.schedule(this::revive, untilStartDue().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            reviving.set(false);
            log.debug("Could not schedule a restart of MCP server {}", name, e);
        }
    }

    private void revive() {
        try {
            ensureStarted();
        } finally {
            reviving.set(false);
        }
        if (!alive()) {
            restartSoon();
        }
    }

    /** The connection's server is gone (process exit, lost session): restart it unless it was replaced or closed. */
    private void gone(ServerConnection gone) {
        if (closed || connection != gone) {
            return;
        }
        Instant began = startedAt;
        if (began != null && clock.instant().isBefore(began.plus(restartBackoff))) {
            // died soon after it started: once may be bad luck (restarted at once), again is a crash loop, held back
            // like a failed start
            if (++quickDeaths > 1) {
                failedStarts++;
                lastFailedStart = clock.instant();
            }
        } else {
            quickDeaths = 0;
            failedStarts = 0;
        }
        log.warn("MCP server {} exited or stopped answering; restarting it", name);
        lastError = "exited or stopped answering";
        restartSoon();
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
        return untilStartDue().isZero();
    }

    /** How long the backoff still holds back the next start: zero when none failed lately. */
    private Duration untilStartDue() {
        Instant failedAt = lastFailedStart;
        if (failedAt == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), failedAt.plus(backoff()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The backoff after {@link #failedStarts} failures: doubled with each, up to the maximum. */
    private Duration backoff() {
        int doublings = Math.min(Math.max(0, failedStarts - 1), 20);
        Duration doubled = restartBackoff.multipliedBy(1L << doublings);
        return doubled.compareTo(maxRestartBackoff) > 0 ? maxRestartBackoff : doubled;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private ServerConnection start() {
        try {
            ServerConnection started = opener.get();
            startedAt = clock.instant();
            connection = started;
            tools = started.tools();
            toolSpecs = started.toolSpecs();
            lastError = null;
            lastFailedStart = null;
            started.whenGone(() -> gone(started));
            boolean restart = starts.incrementAndGet() > 1;
            log.info("MCP server {} {} with tools {}", name, restart ? "restarted" : "started", tools);
            return started;
        } catch (ServerCallException e) {
            failedStarts++;
            lastFailedStart = clock.instant();
            lastError = e.getMessage();
            log.warn("MCP server {} {}", name, e.getMessage());
            // a start made by the supervisor schedules its next try itself; any other one hands over to it
            restartSoon();
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
