package dev.agentplatform.e2e;

import dev.agentplatform.devinfra.Ports;
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

/** The six services as separate JVMs started from their built jars, on free ports. */
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
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();

    ServiceProcesses(Path root, Path logs) {
        this.root = root;
        this.logs = logs;
        SERVICES.forEach(service -> ports.put(service, Ports.free()));
    }

    int port(String service) {
        return ports.get(service);
    }

    String url(String service) {
        return "http://127.0.0.1:" + port(service);
    }

    /** Starts every service with {@code env} plus the URLs that wire them to each other. */
    void start(Map<String, String> env) throws IOException {
        Files.createDirectories(logs);
        Map<String, String> wiring = new LinkedHashMap<>(env);
        wiring.put("PLATFORM_GATEWAY_ROUTES_ROUTER_URL", url("router-service"));
        wiring.put("PLATFORM_GATEWAY_ROUTES_COST_URL", url("cost-service"));
        wiring.put("PLATFORM_GATEWAY_ROUTES_ORCHESTRATOR_URL", url("orchestrator-service"));
        wiring.put("PLATFORM_ROUTER_BUDGET_COST_URL", url("cost-service"));
        wiring.put("PLATFORM_ROUTER_CLIENTS_ORCHESTRATOR_URL", url("orchestrator-service"));
        wiring.put("PLATFORM_ORCHESTRATOR_CLIENTS_COST_URL", url("cost-service"));
        wiring.put("PLATFORM_ORCHESTRATOR_CLIENTS_MEMORY_URL", url("memory-service"));
        wiring.put("PLATFORM_ORCHESTRATOR_CLIENTS_MCP_URL", url("mcp-service"));
        // a semantic cache left on disk by an earlier run would answer this run's prompts
        wiring.put(
                "PLATFORM_GATEWAY_SEMANTIC_LUCENE_DIRECTORY",
                Files.createTempDirectory(logs.toAbsolutePath(), "semantic-cache")
                        .toString());
        wiring.put(
                "PLATFORM_MCP_SERVERS_DIR",
                root.resolve("mcp-service/mcp-servers").toString());
        wiring.put(
                "PLATFORM_MCP_WORKSPACE", root.resolve("mcp-service/workspace").toString());
        for (String service : SERVICES) {
            Path jar = root.resolve(service).resolve("target").resolve(service + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build the services first (./mvnw verify)");
            }
            List<String> command = new ArrayList<>(List.of(
                    javaBinary(),
                    "-Xms32m",
                    "-Xmx192m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-jar",
                    jar.toString(),
                    "--server.port=" + port(service)));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve(service + ".log").toFile());
            builder.environment().putAll(wiring);
            processes.put(service, builder.start());
        }
    }

    /** Waits until every service reports ready, failing fast when one exits. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> pending = new ArrayList<>(SERVICES);
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
            List<String> lines = Files.readAllLines(logs.resolve(service + ".log"));
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
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
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
