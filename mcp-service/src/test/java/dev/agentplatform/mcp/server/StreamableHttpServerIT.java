package dev.agentplatform.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.mcp.McpHttp;
import dev.agentplatform.mcp.McpHttp.Response;
import dev.agentplatform.mcp.McpTestDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An upstream server over Streamable HTTP: the npm server-everything (installed in mcp-servers like the others) run
 * by the test in its {@code streamableHttp} mode on a free loopback port, configured under
 * {@code platform.mcp.servers.http} and called through a capability; stopped and started again, it is connected to
 * anew.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.mcp.capabilities.catalog.remote-sum.default-tool=add",
            "platform.mcp.capabilities.catalog.remote-sum.tools.add.read-only=true",
            "platform.mcp.capabilities.catalog.remote-sum.tools.add.chain[0].server=everything-http",
            "platform.mcp.capabilities.catalog.remote-sum.tools.add.chain[0].tool=get-sum",
            "platform.mcp.capabilities.catalog.remote-sum.tools.add.chain[0].cost-per-call-usd=0",
            // while the server is down, calls fail and the breaker opens: both waits short for the test
            "platform.mcp.servers.restart-backoff=1s",
            "platform.mcp.capabilities.breaker.open-for=1s",
            // a server that needs a token it was not given is never connected to
            "platform.mcp.servers.http.tokenless.url=http://127.0.0.1:9/mcp",
            "platform.mcp.servers.http.tokenless.headers.Authorization=",
            "platform.mcp.servers.http.tokenless.required-headers[0]=Authorization",
        })
class StreamableHttpServerIT {

    private static final int SERVER_PORT = freePort();
    private static Process everything = startEverything();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        McpTestDatabase.register(registry);
        registry.add("platform.mcp.servers.http.everything-http.url", () -> "http://127.0.0.1:" + SERVER_PORT + "/mcp");
    }

    @AfterAll
    static void stopEverything() {
        everything.destroyForcibly();
    }

    @Test
    void callsAToolOfAStreamableHttpServerAndConnectsAnewAfterItRestarts() throws Exception {
        McpHttp http = new McpHttp(port);
        String call = "{\"arguments\": {\"a\": 40, \"b\": 2}}";

        Response sum = http.post("/v1/capabilities/remote-sum/call", call);
        assertThat(sum.status()).as(sum.body()).isEqualTo(200);
        assertThat(sum.json().get("server").asString()).isEqualTo("everything-http");
        assertThat(sum.json().get("content").asString()).contains("42");
        assertThat(state(http)).isEqualTo("healthy");

        everything.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Response down = http.post("/v1/capabilities/remote-sum/call", call);
        assertThat(down.status()).as(down.body()).isEqualTo(503);

        everything = startEverything();
        // the next calls connect again, once the restart backoff after the failed attempt and the breaker's wait are
        // over
        Response again = down;
        for (int i = 0; i < 120 && again.status() != 200; i++) {
            Thread.sleep(250);
            again = http.post("/v1/capabilities/remote-sum/call", call);
        }
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("content").asString()).contains("42");
        // the first answer may come from a half-open breaker still counting its probes: healthy again first
        for (int i = 0; i < 40 && !"healthy".equals(state(http)); i++) {
            http.post("/v1/capabilities/remote-sum/call", call);
            Thread.sleep(250);
        }
        assertThat(state(http)).isEqualTo("healthy");

        // restarted between two calls: its session is gone; the read-only call is sent once more on a new
        // connection. When the service saw the server go first (its stream closed) and tried it while it
        // was down, the restart backoff has to pass before it connects again
        everything.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        everything = startEverything();
        Response afterRestart = http.post("/v1/capabilities/remote-sum/call", call);
        for (int i = 0; i < 120 && afterRestart.status() != 200; i++) {
            Thread.sleep(250);
            afterRestart = http.post("/v1/capabilities/remote-sum/call", call);
        }
        assertThat(afterRestart.status()).as(afterRestart.body()).isEqualTo(200);
        assertThat(afterRestart.json().get("content").asString()).contains("42");
    }

    /** The state {@code GET /v1/capabilities} gives the everything-http entry. */
    private static String state(McpHttp http) throws Exception {
        JsonNode entry = http.get("/v1/capabilities").json().findValues("entries").stream()
                .flatMap(entries -> entries.valueStream())
                .filter(e -> "everything-http".equals(e.get("server").asString()))
                .findFirst()
                .orElseThrow();
        return entry.get("state").asString();
    }

    @Test
    void listsAServerWithoutItsRequiredHeaderAsNoKey() throws Exception {
        String health = new McpHttp(port).get("/actuator/health").body();

        assertThat(health).contains("tokenless").contains("no key: header Authorization not set");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** server-everything in its streamableHttp mode on {@link #SERVER_PORT}, once it accepts connections. */
    private static Process startEverything() {
        Path servers =
                Files.isDirectory(Path.of("mcp-servers")) ? Path.of("mcp-servers") : Path.of("mcp-service/mcp-servers");
        Path log = Path.of("target", "everything-streamable-http.log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(
                            "node",
                            servers.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js")
                                    .toString(),
                            "streamableHttp")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("PORT", Integer.toString(SERVER_PORT));
            Process process = builder.start();
            for (int i = 0; i < 120; i++) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", SERVER_PORT), 500);
                    return process;
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("server-everything exited; see " + log.toAbsolutePath());
                    }
                    Thread.sleep(250);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("server-everything did not listen on " + SERVER_PORT);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
