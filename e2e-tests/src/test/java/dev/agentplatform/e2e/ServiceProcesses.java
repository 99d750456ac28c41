package dev.agentplatform.e2e;

import dev.agentplatform.devinfra.Ports;
import dev.agentplatform.support.security.TestServiceCalls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The six services, or some of them, as separate JVMs started from their built jars, on free ports.
 * Every service gets a port, started or not, and the services are wired to each other by those
 * ports: a call to one that is not started meets a closed port and fails at once. A started service
 * can be killed with SIGKILL and started again on the same port with the same environment.
 */
final class ServiceProcesses implements AutoCloseable {

    static final List<String> SERVICES = List.of(
            "memory-service",
            "cost-service",
            "mcp-service",
            "orchestrator-service",
            "router-service",
            "gateway-service");

    private final Path root;
    private final Path logs;
    private final List<String> services;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, String> wiring = new LinkedHashMap<>();

    /** All six services. */
    ServiceProcesses(Path root, Path logs) {
        this(root, logs, SERVICES);
    }

    /** Only {@code services} (some of {@link #SERVICES}); the others' URLs lead to closed ports. */
    ServiceProcesses(Path root, Path logs, List<String> services) {
        this(root, logs, services, null);
    }

    /**
     * Second instances of {@code services} beside {@code neighbours}, as replicas in a cluster: the
     * services not started here are reached at the neighbours' ports.
     */
    ServiceProcesses(Path root, Path logs, List<String> services, ServiceProcesses neighbours) {
        if (services.isEmpty() || !SERVICES.containsAll(services)) {
            throw new IllegalArgumentException("not services of the platform: " + services);
        }
        this.root = root;
        this.logs = logs;
        this.services = List.copyOf(services);
        SERVICES.forEach(service -> ports.put(
                service, neighbours == null || services.contains(service) ? Ports.free() : neighbours.port(service)));
    }

    int port(String service) {
        return ports.get(service);
    }

    String url(String service) {
        return "http://127.0.0.1:" + port(service);
    }

    /**
     * Starts the services with the URLs that wire them to each other, overridden by {@code env} (a
     * test that puts a stub in place of a neighbour names it there).
     */
    void start(Map<String, String> env) throws IOException {
        Files.createDirectories(logs);
        wiring.clear();
        // the services authenticate each other with the secret the tests' own calls are signed with
        wiring.put("PLATFORM_INTERNAL_SECRET", TestServiceCalls.SECRET);
        wiring.put("PLATFORM_GATEWAY_ROUTES_ROUTER_URL", url("router-service"));
        wiring.put("PLATFORM_GATEWAY_ROUTES_COST_URL", url("cost-service"));
        wiring.put("PLATFORM_GATEWAY_ROUTES_ORCHESTRATOR_URL", url("orchestrator-service"));
        wiring.put("PLATFORM_GATEWAY_ROUTES_MEMORY_URL", url("memory-service"));
        wiring.put("PLATFORM_ROUTER_BUDGET_COST_URL", url("cost-service"));
        wiring.put("PLATFORM_ROUTER_CLIENTS_ORCHESTRATOR_URL", url("orchestrator-service"));
        wiring.put("PLATFORM_ORCHESTRATOR_CLIENTS_COST_URL", url("cost-service"));
        wiring.put("PLATFORM_ORCHESTRATOR_CLIENTS_MEMORY_URL", url("memory-service"));
        wiring.put("PLATFORM_ORCHESTRATOR_CLIENTS_MCP_URL", url("mcp-service"));
        // the orchestrator reads agent definitions from the router's registry; the router checks
        // the providers and capabilities a definition names against the orchestrator and mcp-service
        wiring.put("PLATFORM_ORCHESTRATOR_CLIENTS_ROUTER_URL", url("router-service"));
        wiring.put("PLATFORM_ROUTER_MCP_URL", url("mcp-service"));
        // mcp-service runs the /mcp ask tool through the router and holds an agent's capability
        // calls to what the agent's definition there declares
        wiring.put("PLATFORM_MCP_PLATFORMSERVER_ROUTERURL", url("router-service"));
        // the memory capability's tools call memory-service for the calling user
        wiring.put("PLATFORM_MCP_MEMORY_URL", url("memory-service"));
        // memory-service has a model extract facts through the orchestrator's providers
        wiring.put("PLATFORM_MEMORY_COLD_EXTRACTION_ORCHESTRATORURL", url("orchestrator-service"));
        // a semantic cache left on disk by an earlier run would answer this run's prompts
        wiring.put(
                "PLATFORM_GATEWAY_SEMANTIC_LUCENE_DIRECTORY",
                Files.createTempDirectory(logs.toAbsolutePath(), "semantic-cache")
                        .toString());
        // nor may two starts share memory-service's WARM index (Lucene locks its directory)
        wiring.put(
                "PLATFORM_MEMORY_WARM_INDEX_DIR",
                Files.createTempDirectory(logs.toAbsolutePath(), "memory-warm").toString());
        // nor the orchestrator's outbox of events Redis could not take
        wiring.put(
                "PLATFORM_ORCHESTRATOR_EVENTS_OUTBOX_DIR",
                Files.createTempDirectory(logs.toAbsolutePath(), "outbox").toString());
        wiring.put(
                "PLATFORM_MCP_SERVERS_DIR",
                root.resolve("mcp-service/mcp-servers").toString());
        wiring.put(
                "PLATFORM_MCP_WORKSPACE", root.resolve("mcp-service/workspace").toString());
        wiring.putAll(env);
        for (String service : services) {
            if (!Files.isRegularFile(jar(service))) {
                throw new IllegalStateException(jar(service) + " is missing: build the services first (./mvnw verify)");
            }
        }
        for (String service : services) {
            launch(service, ProcessBuilder.Redirect.to(log(service).toFile()));
        }
    }

    /**
     * Kills {@code service} with SIGKILL, as a crash would: no shutdown hook runs, nothing in
     * flight is finished or handed back. Returns once the process is gone.
     */
    void kill(String service) throws InterruptedException {
        Process process = started(service);
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException(service + " still runs 20 s after SIGKILL");
        }
    }

    /** Starts {@code service} again, once it is gone, on its port and with the same environment. */
    void restart(String service) throws IOException {
        if (started(service).isAlive()) {
            throw new IllegalStateException(service + " still runs: kill it first");
        }
        launch(service, ProcessBuilder.Redirect.appendTo(log(service).toFile()));
    }

    private Process started(String service) {
        Process process = processes.get(service);
        if (process == null) {
            throw new IllegalStateException(service + " was not started");
        }
        return process;
    }

    private void launch(String service, ProcessBuilder.Redirect log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                javaBinary(),
                "-Xms32m",
                "-Xmx192m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-jar",
                jar(service).toString(),
                "--server.port=" + port(service)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log);
        builder.environment().putAll(wiring);
        processes.put(service, builder.start());
    }

    private Path jar(String service) {
        return root.resolve(service).resolve("target").resolve(service + ".jar");
    }

    private Path log(String service) {
        return logs.resolve(service + ".log");
    }

    /** Waits until every started service reports ready, failing fast when one exits. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> pending = new ArrayList<>(processes.keySet());
        while (!pending.isEmpty()) {
            for (var it = pending.iterator(); it.hasNext(); ) {
                String service = it.next();
                Process process = processes.get(service);
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            service + " exited with " + process.exitValue() + ":\n" + tail(service));
                }
                try {
                    HttpResponse<Void> response = http.send(
                            HttpRequest.newBuilder(URI.create(url(service) + "/actuator/health/readiness"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        it.remove();
                    }
                } catch (IOException notYet) {
                    // still starting
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready in " + timeout + ": " + pending);
            }
            Thread.sleep(500);
        }
    }

    String tail(String service) {
        try {
            List<String> lines = Files.readAllLines(log(service));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        List<String> reversed = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(reversed);
        for (String service : reversed) {
            Process process = processes.get(service);
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
