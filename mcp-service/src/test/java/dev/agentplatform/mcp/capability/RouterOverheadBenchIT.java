package dev.agentplatform.mcp.capability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.CapabilityCall;
import dev.agentplatform.common.CapabilityResult;
import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.mcp.McpTestDatabase;
import dev.agentplatform.mcp.server.McpServers;
import dev.agentplatform.mcp.server.McpServers.WhenDown;
import dev.agentplatform.mcp.server.ServerDirectories;
import dev.agentplatform.mcp.server.ServerState;
import dev.agentplatform.mcp.server.ToolResponse;
import dev.agentplatform.support.http.PooledHttp;
import dev.agentplatform.support.security.ServiceCaller;
import dev.agentplatform.support.security.TestServiceCalls;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The router-overhead bench of bench/mcp (run only when {@code -Dbench.mcp.overhead=true}): the same tool call
 * (filesystem {@code read_text_file} of a 446-byte workspace file) made {@code bench.mcp.overhead.calls} times each
 * <ol>
 *   <li>directly, with the MCP Java SDK's sync client over stdio to a server-filesystem process of its own;
 *   <li>in process, through {@link Capabilities#call} (what {@code /mcp} and the controller call), for a user, so the
 *       whole path runs: catalog, routing, schema check, breaker, normaliser, usage booking on Redis, metrics;
 *   <li>over HTTP, {@code POST /v1/capabilities/filesystem/call} on loopback with a service token for that user, with
 *       the JDK {@code HttpClient} (one connection kept alive);
 *   <li>over HTTP, the same request as the platform's services send it: a {@code RestClient} on {@link PooledHttp}
 *       (Apache HttpClient 5 classic, keep-alive, the call on the caller's thread), as the orchestrator's
 *       {@code McpClient} does.
 * </ol>
 * The four are interleaved (one of each per round, the order rotating), so machine noise falls on all alike. The
 * service's own server process is reached through a decorator of {@link McpServers} that times each
 * {@code servers.call}, which gives the router's own time per call: the in-process call's time minus the time in
 * the server call. Writes p50/p90/p99 of each, of the differences of percentiles and of the router's own time to
 * {@code target/bench-mcp-overhead.txt}.
 */
@EnabledIfSystemProperty(named = "bench.mcp.overhead", matches = "true")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1"})
class RouterOverheadBenchIT {

    private static final String FILE = "onboarding-checklist.txt";
    private static final String USER = "bench-user";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Nanoseconds the last {@code servers.call} of this thread took. */
    private static final ThreadLocal<long[]> SERVER_CALL = ThreadLocal.withInitial(() -> new long[1]);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        McpTestDatabase.register(registry);
    }

    /** The registry, with each call timed. */
    @TestConfiguration
    static class TimedServers {

        @Bean
        @Primary
        McpServers timedMcpServers(@Qualifier("mcpServerRegistry") McpServers registry) {
            return new McpServers() {
                @Override
                public boolean exists(String server) {
                    return registry.exists(server);
                }

                @Override
                public List<String> tools(String server) {
                    return registry.tools(server);
                }

                @Override
                public List<CapabilityTool> toolSpecs(String server) {
                    return registry.toolSpecs(server);
                }

                @Override
                public boolean readOnly(String server, String tool) {
                    return registry.readOnly(server, tool);
                }

                @Override
                public String disabled(String server) {
                    return registry.disabled(server);
                }

                @Override
                public ToolResponse call(String server, String tool, Map<String, Object> arguments, WhenDown whenDown) {
                    long started = System.nanoTime();
                    try {
                        return registry.call(server, tool, arguments, whenDown);
                    } finally {
                        SERVER_CALL.get()[0] = System.nanoTime() - started;
                    }
                }

                @Override
                public List<ServerState> states() {
                    return registry.states();
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Capabilities capabilities;

    @Autowired
    ServerDirectories directories;

    @Test
    void measuresTheRoutersOverheadOverADirectSdkCall() throws Exception {
        int calls = Integer.getInteger("bench.mcp.overhead.calls", 2000);
        int warmup = Integer.getInteger("bench.mcp.overhead.warmup", 500);
        String path = directories.workspaceDir().resolve(FILE).toString();
        String expected = Files.readString(directories.workspaceDir().resolve(FILE));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String body = "{\"tool\": \"read_text_file\", \"arguments\": {\"path\": \"" + FILE + "\"}}";
        ServletRequestAttributes asUser = userRequest();

        long[] direct = new long[calls];
        long[] inProcess = new long[calls];
        long[] overHttp = new long[calls];
        long[] overPooledHttp = new long[calls];
        RestClient pooled = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .requestFactory(PooledHttp.requestFactory(Duration.ofSeconds(5), Duration.ofSeconds(30)))
                .build();
        long[] routerOwn = new long[calls];
        // -Dbench.mcp.overhead.jfr=<file>: a Java Flight Recording of the measured rounds, to see where time goes
        String jfr = System.getProperty("bench.mcp.overhead.jfr", "");
        jdk.jfr.Recording recording =
                jfr.isBlank() ? null : new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        try (McpSyncClient client = directClient()) {
            for (int round = 0; round < warmup + calls; round++) {
                int i = round - warmup;
                if (i == 0 && recording != null) {
                    recording.start();
                }
                for (int k = 0; k < 4; k++) {
                    switch ((round + k) % 4) {
                        case 0 -> {
                            long t0 = System.nanoTime();
                            CallToolResult result = client.callTool(
                                    new McpSchema.CallToolRequest("read_text_file", Map.of("path", path)));
                            long elapsed = System.nanoTime() - t0;
                            assertThat(((TextContent) result.content().get(0)).text())
                                    .isEqualTo(expected);
                            if (i >= 0) {
                                direct[i] = elapsed;
                            }
                        }
                        case 1 -> {
                            RequestContextHolder.setRequestAttributes(asUser);
                            try {
                                long t0 = System.nanoTime();
                                CapabilityResult result = capabilities.call(
                                        "filesystem", new CapabilityCall("read_text_file", Map.of("path", FILE)));
                                long elapsed = System.nanoTime() - t0;
                                assertThat(result.content()).isEqualTo(expected);
                                if (i >= 0) {
                                    inProcess[i] = elapsed;
                                    routerOwn[i] = elapsed - SERVER_CALL.get()[0];
                                }
                            } finally {
                                RequestContextHolder.resetRequestAttributes();
                            }
                        }
                        case 2 -> {
                            String bearer = TestServiceCalls.bearer(USER, "pro");
                            long t0 = System.nanoTime();
                            String answer = pooled.post()
                                    .uri("/v1/capabilities/filesystem/call")
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .header("Authorization", bearer)
                                    .body(body)
                                    .retrieve()
                                    .body(String.class);
                            long elapsed = System.nanoTime() - t0;
                            assertThat(JSON.readTree(answer).get("content").asString())
                                    .isEqualTo(expected);
                            if (i >= 0) {
                                overPooledHttp[i] = elapsed;
                            }
                        }
                        default -> {
                            HttpRequest request = HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/v1/capabilities/filesystem/call"))
                                    .header("Content-Type", "application/json")
                                    .header("Authorization", TestServiceCalls.bearer(USER, "pro"))
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build();
                            long t0 = System.nanoTime();
                            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                            long elapsed = System.nanoTime() - t0;
                            assertThat(response.statusCode())
                                    .as(response.body())
                                    .isEqualTo(200);
                            JsonNode json = JSON.readTree(response.body());
                            assertThat(json.get("content").asString()).isEqualTo(expected);
                            if (i >= 0) {
                                overHttp[i] = elapsed;
                            }
                        }
                    }
                }
            }
        }
        if (recording != null) {
            recording.dump(Path.of(jfr));
            recording.close();
        }

        String report = String.format(
                "bench/mcp router overhead: %d calls each after %d warm-up rounds, filesystem read_text_file of"
                        + " %s (%d bytes)%n%s%s%s%s%s%s%s%s",
                calls,
                warmup,
                FILE,
                expected.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                line("direct SDK call (stdio)", direct),
                line("in process (Capabilities.call)", inProcess),
                line("over HTTP (POST /v1/capabilities/filesystem/call)", overHttp),
                line("over HTTP, pooled client (as the platform calls it)", overPooledHttp),
                difference("in process - direct", inProcess, direct),
                difference("over HTTP - direct", overHttp, direct),
                difference("over HTTP, pooled client - direct", overPooledHttp, direct),
                line("router's own time (in process - its servers.call)", routerOwn));
        System.out.println(report);
        write(report);
    }

    private McpSyncClient directClient() {
        ServerParameters parameters = ServerParameters.builder("node")
                .args(
                        directories
                                .serversDir()
                                .resolve("node_modules/@modelcontextprotocol/server-filesystem/dist/index.js")
                                .toString(),
                        directories.workspaceDir().toString())
                .build();
        McpSyncClient client = McpClient.sync(new StdioClientTransport(parameters, McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder().build())
                .build();
        client.initialize();
        return client;
    }

    /** A request acting for the bench's user, as the gateway's service token would make it. */
    private static ServletRequestAttributes userRequest() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(ServiceCaller.ATTRIBUTE, new ServiceCaller("gateway-service", USER, "pro", false));
        return new ServletRequestAttributes(request);
    }

    private static String line(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                "  %-55s p50 %7.3f  p90 %7.3f  p99 %7.3f  max %8.3f ms%n",
                what,
                percentile(sorted, 50),
                percentile(sorted, 90),
                percentile(sorted, 99),
                sorted[sorted.length - 1] / 1e6);
    }

    /** The difference of each percentile (not the percentile of differences of unrelated calls). */
    private static String difference(String what, long[] through, long[] direct) {
        long[] a = through.clone();
        long[] b = direct.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        return String.format(
                "  %-55s p50 %+7.3f  p90 %+7.3f  p99 %+7.3f ms%n",
                what,
                percentile(a, 50) - percentile(b, 50),
                percentile(a, 90) - percentile(b, 90),
                percentile(a, 99) - percentile(b, 99));
    }

    /** Nearest rank, in milliseconds. */
    private static double percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(sorted.length * p / 100.0);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    private static void write(String report) throws IOException {
        Path file = Path.of("target", "bench-mcp-overhead.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
