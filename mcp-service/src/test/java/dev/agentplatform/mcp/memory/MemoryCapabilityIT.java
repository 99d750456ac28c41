package dev.agentplatform.mcp.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.agentplatform.mcp.McpHttp;
import dev.agentplatform.mcp.McpHttp.Response;
import dev.agentplatform.mcp.McpTestDatabase;
import dev.agentplatform.support.security.ServiceCaller;
import dev.agentplatform.support.security.TestServiceCalls;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code memory} capability against a real HTTP listener standing in for memory-service (this module's tests
 * start no memory-service): it records each request as it arrived and answers what the test sets.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1"})
class MemoryCapabilityIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as memory-service received it. */
    record Received(String method, String path, String authorization, String userIdHeader, String body) {}

    private static final List<Received> received = new CopyOnWriteArrayList<>();
    private static volatile int status = 200;
    private static volatile String answer = "{}";
    private static final HttpServer memoryService = memoryService();

    @LocalServerPort
    int port;

    McpHttp http;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        McpTestDatabase.register(registry);
        registry.add(
                "platform.mcp.memory.url",
                () -> "http://127.0.0.1:" + memoryService.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        memoryService.stop(0);
    }

    @BeforeEach
    void reset() {
        http = new McpHttp(port);
        received.clear();
        status = 200;
        answer = "{}";
    }

    private static HttpServer memoryService() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                received.add(new Received(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("X-User-Id"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders()
                        .add("Content-Type", status < 400 ? "application/json" : "application/problem+json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The user the service token memory-service received acts for. */
    private static ServiceCaller signedFor(Received request) {
        assertThat(request.authorization()).startsWith("Bearer ");
        return TestServiceCalls.tokens().verify(request.authorization().substring("Bearer ".length()));
    }

    @Test
    void searchAsksMemoryServiceForTheUserTheCredentialNamesAndReturnsItsAnswer() throws Exception {
        answer = "{\"results\": [{\"id\": \"m-1\", \"text\": \"Ana prefers oat milk\", \"score\": 0.91, \"tier\":"
                + " \"warm\"}], \"tookMs\": 3}";

        Response response = http.postForUser(
                "/v1/capabilities/memory/call",
                "{\"tool\": \"search\", \"arguments\": {\"query\": \"what milk does Ana like\", \"limit\": 3}}",
                "ana");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("server").asString()).isEqualTo("memory-service");
        assertThat(response.json().get("error").asBoolean()).isFalse();
        assertThat(response.json().get("costUsd").decimalValue()).isZero();
        assertThat(response.json().get("content").asString()).contains("Ana prefers oat milk");
        assertThat(received).hasSize(1);
        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/memories/search");
        assertThat(JSON.readTree(request.body()))
                .isEqualTo(JSON.readTree("{\"query\": \"what milk does Ana like\", \"limit\": 3}"));
        assertThat(signedFor(request).userId()).isEqualTo("ana");
        assertThat(request.userIdHeader())
                .as("the identity travels in the token only")
                .isNull();
    }

    @Test
    void addWritesTheContentAsOneMessageOfTheCallingUser() throws Exception {
        status = 202;
        answer = "{\"accepted\": 1, \"ids\": [\"msg-7\"]}";

        Response response = http.postForUser(
                "/v1/capabilities/memory/call",
                "{\"tool\": \"add\", \"arguments\": {\"content\": \"I am allergic to peanuts\"}}",
                "ben");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("content").asString()).contains("msg-7");
        Received request = received.get(0);
        assertThat(request.path()).isEqualTo("/v1/memories");
        JsonNode message = JSON.readTree(request.body()).at("/messages/0");
        assertThat(message.get("content").asString()).isEqualTo("I am allergic to peanuts");
        assertThat(message.get("role").asString()).isEqualTo("user");
        assertThat(signedFor(request).userId()).isEqualTo("ben");
    }

    @Test
    void anArgumentNamingAnotherUserIsRefusedBeforeMemoryServiceIsAsked() throws Exception {
        Response response = http.postForUser(
                "/v1/capabilities/memory/call",
                "{\"tool\": \"search\", \"arguments\": {\"query\": \"secrets\", \"userId\": \"victim\"}}",
                "mallory");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).contains("userId");
        assertThat(received).isEmpty();
    }

    @Test
    void aCallWithoutAUserIsA403AndReachesNothing() throws Exception {
        Response response = http.postAnonymously(
                "/v1/capabilities/memory/call", "{\"tool\": \"search\", \"arguments\": {\"query\": \"anything\"}}");

        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(received).isEmpty();
    }

    @Test
    void memoryServicesRefusalOfTheRequestIsA400AndItsFailureA503() throws Exception {
        status = 400;
        answer = "{\"title\": \"Invalid request\", \"detail\": \"limit must be between 1 and 100\"}";
        Response refused = http.postForUser(
                "/v1/capabilities/memory/call", "{\"tool\": \"search\", \"arguments\": {\"query\": \"x\"}}", "ana");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("limit must be between 1 and 100");

        status = 500;
        answer = "{\"title\": \"Internal error\"}";
        Response failed = http.postForUser(
                "/v1/capabilities/memory/call", "{\"tool\": \"add\", \"arguments\": {\"content\": \"x\"}}", "ana");
        assertThat(failed.status()).as(failed.body()).isEqualTo(503);
        assertThat(failed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(failed.json().get("detail").asString())
                .contains("memory-service")
                .contains("HTTP 500");
        assertThat(received).as("a failed write is never sent twice").hasSize(2);
    }

    @Test
    void isListedWithItsEntriesAndToolSchemas() throws Exception {
        JsonNode capabilities = http.get("/v1/capabilities").json();
        JsonNode memory = StreamSupport.stream(capabilities.spliterator(), false)
                .filter(capability -> capability.get("name").asString().equals("memory"))
                .findFirst()
                .orElseThrow();
        assertThat(memory.at("/servers/0").asString()).isEqualTo("memory-service");
        assertThat(memory.get("costPerCallUsd").decimalValue()).isZero();
        assertThat(memory.get("entries")).hasSize(2);

        JsonNode tools = http.get("/v1/capabilities/memory/tools").json();
        assertThat(StreamSupport.stream(tools.spliterator(), false)
                        .map(tool -> tool.get("name").asString())
                        .toList())
                .containsExactly("search", "add");
        assertThat(tools.at("/0/inputSchema/required/0").asString()).isEqualTo("query");
        assertThat(tools.at("/1/inputSchema/required/0").asString()).isEqualTo("content");
    }

    @Test
    void isOfferedAtTheMcpEndpointAndActsForTheMcpCaller() {
        answer = "{\"results\": [], \"tookMs\": 1}";
        HttpRequest.Builder requests =
                HttpRequest.newBuilder().header("Authorization", TestServiceCalls.bearer("mcp-user", "pro"));
        try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                        .endpoint("/mcp")
                        .requestBuilder(requests)
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .build()) {
            client.initialize();
            assertThat(client.listTools().tools().stream().map(McpSchema.Tool::name))
                    .contains("memory__search", "memory__add");

            CallToolResult result = client.callTool(
                    new McpSchema.CallToolRequest("memory__search", Map.of("query", "favourite editor")));

            assertThat(result.isError()).isFalse();
            assertThat(((TextContent) result.content().get(0)).text()).contains("\"results\"");
            assertThat(signedFor(received.get(0)).userId()).isEqualTo("mcp-user");
        }
    }
}
