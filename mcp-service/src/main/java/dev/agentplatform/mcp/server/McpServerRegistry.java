package dev.agentplatform.mcp.server;

import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.mcp.server.ServerCallException.Kind;
import dev.agentplatform.mcp.server.internal.ManagedServer;
import io.modelcontextprotocol.client.transport.ServerParameters;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
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
    private final ExecutorService starter;
    private volatile boolean running;

    McpServerRegistry(McpServersProperties properties, ServerDirectories directories) {
        properties.stdio().forEach((name, server) -> servers.put(name, managed(name, server, properties, directories)));
        AtomicInteger threads = new AtomicInteger();
        this.starter = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "mcp-server-start-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static ManagedServer managed(
            String name,
            McpServersProperties.StdioServer server,
            McpServersProperties properties,
            ServerDirectories directories) {
        ServerParameters.Builder parameters = ServerParameters.builder(directories.expand(server.command()))
                .args(server.args().stream().map(directories::expand).toList());
        server.env().forEach((key, value) -> parameters.addEnvVar(key, directories.expand(value)));
        return new ManagedServer(
                name,
                parameters.build(),
                properties.callTimeout(),
                properties.startupTimeout(),
                properties.restartBackoff(),
                Clock.systemUTC(),
                server.missing());
    }

    @Override
    public boolean exists(String server) {
        return servers.containsKey(server);
    }

    @Override
    public List<String> tools(String server) {
        ManagedServer managed = servers.get(server);
        return managed == null ? List.of() : managed.tools();
    }

    @Override
    public List<CapabilityTool> toolSpecs(String server) {
        ManagedServer managed = servers.get(server);
        return managed == null ? List.of() : managed.toolSpecs();
    }

    @Override
    public boolean readOnly(String server, String tool) {
        ManagedServer managed = servers.get(server);
        return managed != null && managed.readOnly(tool);
    }

    @Override
    public String disabled(String server) {
        ManagedServer managed = servers.get(server);
        return managed == null ? "not configured" : managed.disabled();
    }

    @Override
    public ToolResponse call(String server, String tool, Map<String, Object> arguments) {
        ManagedServer managed = servers.get(server);
        if (managed == null) {
            throw new ServerCallException(server, Kind.UNAVAILABLE, "is not configured");
        }
        return managed.call(tool, arguments);
    }

    @Override
    public List<ServerState> states() {
        return servers.values().stream().map(ManagedServer::state).toList();
    }

    /** Starts dead servers in the background, so an idle service heals without waiting for a call. */
    void reviveDead() {
        if (running) {
            servers.values().forEach(server -> server.reviveOn(starter));
        }
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
}
