package dev.agentplatform.mcp.capability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.mcp.McpHttp;
import dev.agentplatform.mcp.McpHttp.Response;
import dev.agentplatform.mcp.McpTestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A read-only query capability whose primary is a PostgreSQL MCP server process and whose fallback is the replica
 * server, with the primary's process SIGKILLed. In every build: twice, a few calls each time, all answered (by the
 * fallback at once, then by the restarted primary after its breaker's probe). The chaos bench of bench/mcp (run
 * only when {@code -Dbench.mcp.chaos=true}): the primary is killed every {@code bench.mcp.chaos.kill-every-seconds}
 * during {@code bench.mcp.chaos.calls} calls, one every {@code bench.mcp.chaos.call-interval-ms}; it counts the
 * answered calls and which server answered them, and writes the numbers to {@code target/bench-mcp-chaos.txt}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.mcp.servers.stdio.chaos-primary.command=node",
            "platform.mcp.servers.stdio.chaos-primary.args[0]={servers-dir}/node_modules/@modelcontextprotocol/server-postgres/dist/index.js",
            "platform.mcp.servers.stdio.chaos-primary.args[1]={database-url}",
            // Ignored by the server; lets the bench find this process among the JVM's children.
            "platform.mcp.servers.stdio.chaos-primary.args[2]=" + PrimaryKillChaosIT.MARKER,
            "platform.mcp.capabilities.catalog.chaos.default-tool=query",
            "platform.mcp.capabilities.catalog.chaos.tools.query.read-only=true",
            "platform.mcp.capabilities.catalog.chaos.tools.query.chain[0].server=chaos-primary",
            "platform.mcp.capabilities.catalog.chaos.tools.query.chain[1].server=postgres-replica",
            "platform.mcp.capabilities.breaker.open-for=${bench.mcp.chaos.open-for:2s}",
            // the test kills the primary soon after its restart; a longer backoff would take that for a crash loop
            "platform.mcp.servers.restart-backoff=1s",
        })
class PrimaryKillChaosIT {

    static final String MARKER = "primary-kill-chaos-bench";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        McpTestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void fallsBackAtOnceWhenThePrimaryIsKilledAndUsesItAgainAfterItsProbe() throws Exception {
        McpHttp http = new McpHttp(port);
        int n = 0;
        assertThat(answer(http, n++)).isEqualTo("chaos-primary");
        double opened = transitions("closed", "open");
        double closed = transitions("half_open", "closed");

        for (int round = 1; round <= 2; round++) {
            assertThat(killPrimary()).as("primary processes killed").isPositive();
            List<String> answeredBy = new ArrayList<>();
            // every call is answered; the primary is back once restarted and its breaker's probe went through
            for (int i = 0; i < 150 && !answeredBy.contains("chaos-primary"); i++) {
                answeredBy.add(answer(http, n++));
                Thread.sleep(100);
            }
            assertThat(answeredBy)
                    .as("round " + round)
                    .contains("postgres-replica")
                    .endsWith("chaos-primary");
            assertThat(transitions("closed", "open")).isEqualTo(opened + round);
            assertThat(transitions("half_open", "closed")).isGreaterThanOrEqualTo(closed + round);
        }
        assertThat(http.get("/actuator/health/readiness")
                        .json()
                        .at("/components/mcpServers/details/chaos-primary/restarts")
                        .asInt())
                .isGreaterThanOrEqualTo(2);
    }

    /** Calls the capability with a query naming {@code n}; the server that answered it (failing if none did). */
    private static String answer(McpHttp http, int n) throws Exception {
        Response response =
                http.post("/v1/capabilities/chaos/call", "{\"arguments\": {\"sql\": \"select " + n + " as n\"}}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("error").asBoolean()).as(response.body()).isFalse();
        assertThat(response.json().get("content").asString()).contains(String.valueOf(n));
        return response.json().get("server").asString();
    }

    private double transitions(String from, String to) {
        Counter counter = meters.find(CapabilityService.BREAKER_TRANSITIONS_METRIC)
                .tag("server", "chaos-primary")
                .tag("from", from)
                .tag("to", to)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** SIGKILLs (destroyForcibly, on Linux) every process under the JVM that carries the primary's marker. */
    private static int killPrimary() {
        AtomicInteger killed = new AtomicInteger();
        ProcessHandle.current()
                .descendants()
                .filter(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains(MARKER))
                        .orElse(false))
                .forEach(process -> {
                    if (process.destroyForcibly()) {
                        killed.incrementAndGet();
                    }
                });
        return killed.get();
    }

    @Test
    @EnabledIfSystemProperty(named = "bench.mcp.chaos", matches = "true")
    void answersNearlyEveryCallWhileThePrimaryIsKilledAgainAndAgain() throws Exception {
        int calls = Integer.getInteger("bench.mcp.chaos.calls", 1000);
        long killEvery = Long.getLong("bench.mcp.chaos.kill-every-seconds", 10);
        long interval = Long.getLong("bench.mcp.chaos.call-interval-ms", 100);
        McpHttp http = new McpHttp(port);
        assertThat(http.post("/v1/capabilities/chaos/call", "{\"arguments\": {\"sql\": \"select 1\"}}")
                        .json()
                        .get("server")
                        .asString())
                .isEqualTo("chaos-primary");

        AtomicInteger kills = new AtomicInteger();
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        killer.scheduleAtFixedRate(() -> kills.addAndGet(killPrimary()), killEvery, killEvery, TimeUnit.SECONDS);

        Map<String, Integer> byServer = new LinkedHashMap<>();
        List<Long> latencies = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int answered = 0;
        // how long the fallback served each time: from its first answer to the primary's next
        List<Long> fallbackSpells = new ArrayList<>();
        long fallbackSince = -1;
        long started = System.nanoTime();
        try {
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                Response response = http.post(
                        "/v1/capabilities/chaos/call", "{\"arguments\": {\"sql\": \"select " + i + " as n\"}}");
                latencies.add((System.nanoTime() - t0) / 1_000);
                if (response.status() == 200
                        && !response.json().get("error").asBoolean()
                        && response.json().get("content").asString().contains(String.valueOf(i))) {
                    answered++;
                    String server = response.json().get("server").asString();
                    byServer.merge(server, 1, Integer::sum);
                    if (!"chaos-primary".equals(server) && fallbackSince < 0) {
                        fallbackSince = t0;
                    } else if ("chaos-primary".equals(server) && fallbackSince >= 0) {
                        fallbackSpells.add((t0 - fallbackSince) / 1_000_000);
                        fallbackSince = -1;
                    }
                } else if (failures.size() < 5) {
                    failures.add(response.status() + " " + response.body());
                }
                long rest = interval - (System.nanoTime() - t0) / 1_000_000;
                if (rest > 0) {
                    Thread.sleep(rest);
                }
            }
        } finally {
            killer.shutdownNow();
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        Collections.sort(latencies);
        String health = http.get("/actuator/health").body();
        String report = String.format(
                "calls=%d answered=%d kills=%d kill-every=%ds call-interval=%dms duration=%ds by-server=%s"
                        + " latency-ms p50=%.1f p99=%.1f max=%.1f%nfallback spells (ms, first fallback answer to the"
                        + " primary's next): %s%nbreaker transitions closed->open %.0f, open->half_open %.0f,"
                        + " half_open->closed %.0f, half_open->open %.0f%nfirst failures: %s%nhealth: %s%n",
                calls,
                answered,
                kills.get(),
                killEvery,
                interval,
                seconds,
                byServer,
                latencies.get(latencies.size() / 2) / 1000.0,
                latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.99) - 1)) / 1000.0,
                latencies.get(latencies.size() - 1) / 1000.0,
                fallbackSpells,
                transitions("closed", "open"),
                transitions("open", "half_open"),
                transitions("half_open", "closed"),
                transitions("half_open", "open"),
                failures,
                health);
        System.out.println("bench/mcp chaos: " + report);
        write(report);

        assertThat(kills.get()).as("the primary was killed").isPositive();
        assertThat(answered).as(report).isGreaterThanOrEqualTo(calls - calls / 1000);
        // an open breaker lets its probe through after open-for; then the primary is first again
        String server = null;
        for (int i = 0; i < 30 && !"chaos-primary".equals(server); i++) {
            server = http.post("/v1/capabilities/chaos/call", "{\"arguments\": {\"sql\": \"select 1\"}}")
                    .json()
                    .get("server")
                    .asString();
            Thread.sleep(500);
        }
        assertThat(server).as("the primary, restarted, serves again").isEqualTo("chaos-primary");
    }

    private static void write(String report) throws IOException {
        Path file = Path.of("target", "bench-mcp-chaos.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(
                file, report, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
