package dev.agentplatform.mcp.server;

import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.mcp.server.ServerCallException.Kind;
import dev.agentplatform.mcp.server.internal.ManagedServer;
import io.modelcontextprotocol.client.transport.ServerParameters;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Starts every configured server with the application (in parallel, so startup waits for the slowest rather
 * than the sum) and stops them with it. The phase puts startup before the web server opens its port and
 * shutdown after in-flight requests have drained.
 */
@Component
class McpServerRegistry implements McpServers, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(McpServerRegistry.class);

    private final Map<String, ManagedServer> servers = new LinkedHashMap<>();
    private final Map<String, BuiltInServer> builtIn = new LinkedHashMap<>();
    private final ExecutorService starter;
    /** Restarts dead servers in the background; two threads, so one slow start does not hold back another. */
    private final ScheduledExecutorService supervisor;

    private volatile boolean running;

    McpServerRegistry(
            McpServersProperties properties, ServerDirectories directories, List<BuiltInServer> builtInServers) {
        this.starter = Executors.newCachedThreadPool(daemonThreads("mcp-server-start-"));
        this.supervisor = Executors.newScheduledThreadPool(2, daemonThreads("mcp-server-supervisor-"));
        ManagedServer.Restarts restarts =
                new ManagedServer.Restarts(properties.restartBackoff(), properties.maxRestartBackoff(), supervisor);
        properties
                .stdio()
                .forEach((name, server) -> servers.put(name, managed(name, server, properties, restarts, directories)));
        properties.http().forEach((name, server) -> {
            if (servers.putIfAbsent(name, managed(name, server, properties, restarts, directories)) != null) {
                throw new IllegalStateException(
                        "Two MCP servers are named '" + name
                                + "': a name under platform.mcp.servers.http must not be used under platform.mcp.servers.stdio");
            }
        });
        for (BuiltInServer server : builtInServers) {
            if (servers.containsKey(server.name()) || builtIn.putIfAbsent(server.name(), server) != null) {
                throw new IllegalStateException("Two MCP servers are named '" + server.name()
                        + "': a built-in server's name must not be used under platform.mcp.servers.stdio");
            }
        }
    }

    private static ManagedServer managed(
            String name,
            McpServersProperties.StdioServer server,
            McpServersProperties properties,
            ManagedServer.Restarts restarts,
            ServerDirectories directories) {
        ServerParameters.Builder parameters = ServerParameters.builder(directories.expand(server.command()))
                .args(server.args().stream().map(directories::expand).toList());
        server.env().forEach((key, value) -> parameters.addEnvVar(key, directories.expand(value)));
        return new ManagedServer(
                name,
                parameters.build(),
                properties.callTimeout(),
                properties.startupTimeout(),
                restarts,
                Clock.systemUTC(),
                server.missing());
    }

    private static ManagedServer managed(
            String name,
            McpServersProperties.HttpServer server,
            McpServersProperties properties,
            ManagedServer.Restarts restarts,
            ServerDirectories directories) {
        Map<String, String> headers = new LinkedHashMap<>();
        server.headers().forEach((key, value) -> headers.put(key, directories.expand(value)));
        return ManagedServer.http(
                name,
                URI.create(directories.expand(server.url())),
                headers,
                properties.callTimeout(),
                properties.startupTimeout(),
                restarts,
                Clock.systemUTC(),
                server.missing());
    }

    @Override
    public boolean exists(String server) {
        return servers.containsKey(server) || builtIn.containsKey(server);
    }

    @Override
    public List<String> tools(String server) {
        BuiltInServer own = builtIn.get(server);
        if (own != null) {
            return own.toolSpecs().stream().map(CapabilityTool::name).toList();
        }
        ManagedServer managed = servers.get(server);
        return managed == null ? List.of() : managed.tools();
    }

    @Override
    public List<CapabilityTool> toolSpecs(String server) {
        BuiltInServer own = builtIn.get(server);
        if (own != null) {
            return own.toolSpecs();
        }
        ManagedServer managed = servers.get(server);
        return managed == null ? List.of() : managed.toolSpecs();
    }

    @Override
    public boolean readOnly(String server, String tool) {
        BuiltInServer own = builtIn.get(server);
        if (own != null) {
            return own.readOnly(tool);
        }
        ManagedServer managed = servers.get(server);
        return managed != null && managed.readOnly(tool);
    }

    @Override
    public String disabled(String server) {
        if (builtIn.containsKey(server)) {
            return null;
        }
        ManagedServer managed = servers.get(server);
        return managed == null ? "not configured" : managed.disabled();
    }

    @Override
    public ToolResponse call(String server, String tool, Map<String, Object> arguments, WhenDown whenDown) {
        BuiltInServer own = builtIn.get(server);
        if (own != null) {
            return own.call(tool, arguments);
        }
        ManagedServer managed = servers.get(server);
        if (managed == null) {
            throw new ServerCallException(server, Kind.UNAVAILABLE, "is not configured");
        }
        return managed.call(tool, arguments, whenDown);
    }

    @Override
    public List<ServerState> states() {
        List<ServerState> states = new ArrayList<>();
        servers.values().forEach(server -> states.add(server.state()));
        builtIn.values().forEach(server -> states.add(server.state()));
        return states;
    }

    @Override
    public void start() {
        CompletableFuture.allOf(servers.values().stream()
                        .map(server -> CompletableFuture.runAsync(server::ensureStarted, starter))
                        .toArray(CompletableFuture[]::new))
                .join();
        long alive = servers.values().stream().filter(ManagedServer::alive).count();
        log.info("MCP servers running: {} of {}", alive, servers.size());
        servers.values().stream()
                .filter(server -> server.disabled() != null)
                .forEach(server -> log.info("MCP server {} not started: {}", server.name(), server.disabled()));
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        starter.shutdownNow();
        supervisor.shutdownNow();
        servers.values().forEach(ManagedServer::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** Daemon threads named {@code prefix} and a number. */
    private static ThreadFactory daemonThreads(String prefix) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
        threads.setDaemon(true);
        return threads;
    }
}
