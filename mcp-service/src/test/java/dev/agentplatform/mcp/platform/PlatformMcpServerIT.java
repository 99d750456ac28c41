package dev.agentplatform.mcp.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.agentplatform.mcp.McpHttp;
import dev.agentplatform.mcp.McpTestDatabase;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The platform's MCP server at /mcp, spoken to with the MCP Java SDK's client; a stand-in router answers tasks. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1"})
class PlatformMcpServerIT {

    private static final AtomicReference<String> routerSaw = new AtomicReference<>();
    private static final HttpServer router = router();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        McpTestDatabase.register(registry);
        registry.add(
                "platform.mcp.platform-server.router-url",
                () -> "http://127.0.0.1:" + router.getAddress().getPort());
    }

    @AfterAll
    static void stopRouter() {
        router.stop(0);
    }

    private static HttpServer router() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/tasks", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                routerSaw.set(exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
                byte[] answer = ("{\"taskId\": \"t-1\", \"agent\": \"python\", \"content\": \"def reverse(s):\\n"
                                + "    return s[::-1]\", \"costUsd\": 0.001, \"latencyMs\": 5}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private McpSyncClient client(String bearer) {
        HttpRequest.Builder requests = HttpRequest.newBuilder();
        if (bearer != null) {
            requests.header("Authorization", bearer);
        }
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                        .endpoint("/mcp")
                        .requestBuilder(requests)
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
        return client;
    }

    @Test
    void listsAskAndTheCapabilityToolsAndAnswersAskThroughTheRouterForTheCallersUser() {
        try (McpSyncClient client = client(TestServiceCalls.bearer("mcp-user", "pro"))) {
            List<String> tools = client.listTools().tools().stream()
                    .map(McpSchema.Tool::name)
                    .toList();
            assertThat(tools).contains("ask", "database__query", "web_search__search", "filesystem__read_text_file");

            CallToolResult answer = client.callTool(new McpSchema.CallToolRequest(
                    "ask", Map.of("prompt", "Write a python function that reverses a string")));

            assertThat(answer.isError()).isFalse();
            assertThat(((TextContent) answer.content().get(0)).text()).contains("return s[::-1]");
            assertThat(routerSaw.get()).startsWith("Bearer ").contains("\"prompt\":\"Write a python function");
        }
    }

    @Test
    void callsACapabilityToolAndReportsAMissingPromptAsAToolError() {
        try (McpSyncClient client = client(TestServiceCalls.bearer("mcp-user", "pro"))) {
            CallToolResult rows = client.callTool(
                    new McpSchema.CallToolRequest("database__query", Map.of("sql", "select 4242 as answer")));
            assertThat(rows.isError()).isFalse();
            assertThat(((TextContent) rows.content().get(0)).text()).contains("4242");

            CallToolResult noPrompt = client.callTool(new McpSchema.CallToolRequest("ask", Map.of()));
            assertThat(noPrompt.isError()).isTrue();
        }
    }

    @Test
    void refusesACallWithoutAServiceCredential() throws Exception {
        McpHttp.Response response = new McpHttp(port)
                .postAnonymously("/mcp", "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/list\"}");

        assertThat(response.status()).isEqualTo(401);
    }
}
