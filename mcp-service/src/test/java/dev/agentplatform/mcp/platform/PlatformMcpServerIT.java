package dev.agentplatform.mcp.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.agentplatform.mcp.McpHttp;
import dev.agentplatform.mcp.McpTestDatabase;
import dev.agentplatform.mcp.StandInRouter;
import dev.agentplatform.mcp.capability.Capabilities;
import dev.agentplatform.support.security.ServiceTokens;
import dev.agentplatform.support.security.TestServiceCalls;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** The platform's MCP server at /mcp, spoken to with the MCP Java SDK's client; a stand-in router answers tasks. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            // the free tier is offered the database only here (application.yml gives it more)
            "platform.mcp.platform-server.tiers.free[0]=database"
        })
class PlatformMcpServerIT {

    private static final AtomicReference<String> routerSaw = new AtomicReference<>();
    private static final StandInRouter router = StandInRouter.start("/v1/tasks", (path, authorization, body) -> {
        routerSaw.set(authorization + " " + body);
        return new StandInRouter.Answer(
                200,
                "{\"taskId\": \"t-1\", \"agent\": \"python\", \"content\": \"def reverse(s):\\n"
                        + "    return s[::-1]\", \"costUsd\": 0.001, \"latencyMs\": 5}");
    });

    @LocalServerPort
    int port;

    @Autowired
    Capabilities capabilities;

    @Autowired
    ServiceTokens serviceTokens;

    @Autowired
    PlatformServerProperties properties;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        McpTestDatabase.register(registry);
        router.register(registry);
    }

    @AfterAll
    static void stopRouter() {
        router.stop();
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

    /**
     * A fresh server on a transport of its own, built from this service's capabilities, while the SDK's server log is
     * recorded: adding a tool whose name the server has already makes the SDK replace it with a warning.
     */
    @Test
    void registersEachToolOnce() {
        Logger sdk = (Logger) LoggerFactory.getLogger(McpStatelessAsyncServer.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        sdk.addAppender(logged);
        PlatformMcpServer.PlatformTools tools = new PlatformMcpServer.PlatformTools(
                HttpServletStatelessServerTransport.builder()
                        .jsonMapper(McpJsonDefaults.getMapper())
                        .messageEndpoint("/mcp-twice")
                        .build(),
                capabilities,
                serviceTokens,
                RestClient.create(),
                properties);
        try {
            tools.start();
        } finally {
            tools.stop();
            sdk.detachAppender(logged);
        }

        assertThat(logged.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(message -> message.contains("Replace existing Tool"));
        // and every capability tool the service knows is offered
        try (McpSyncClient client = client(TestServiceCalls.bearer("mcp-user", "enterprise"))) {
            List<String> offered = client.listTools().tools().stream()
                    .map(McpSchema.Tool::name)
                    .toList();
            assertThat(offered).doesNotHaveDuplicates();
            for (String capability : capabilities.names()) {
                capabilities
                        .tools(capability)
                        .forEach(tool -> assertThat(offered).contains(capability + "__" + tool.name()));
            }
        }
    }

    @Test
    void offersAndServesACallerTheCapabilitiesOfItsTierOnly() {
        try (McpSyncClient client = client(TestServiceCalls.bearer("free-user", "free"))) {
            List<String> tools = client.listTools().tools().stream()
                    .map(McpSchema.Tool::name)
                    .toList();
            assertThat(tools)
                    .contains("ask", "database__query")
                    .doesNotContain("filesystem__read_text_file", "web_search__search", "memory__search");

            // a tool it was not offered, called anyway
            CallToolResult refused = client.callTool(
                    new McpSchema.CallToolRequest("filesystem__read_text_file", Map.of("path", "product-faq.md")));
            assertThat(refused.isError()).isTrue();
            assertThat(((TextContent) refused.content().get(0)).text())
                    .contains("free tier may not use capability 'filesystem'");

            CallToolResult allowed = client.callTool(
                    new McpSchema.CallToolRequest("database__query", Map.of("sql", "select 77 as allowed")));
            assertThat(allowed.isError()).isFalse();
        }
        try (McpSyncClient client = client(TestServiceCalls.bearer("odd-user", "no-such-tier"))) {
            assertThat(client.listTools().tools().stream().map(McpSchema.Tool::name))
                    .containsExactly("ask");
        }
    }

    @Test
    void answersABadMessageWithA400JsonRpcErrorAndNoStackTrace() throws Exception {
        McpHttp http = new McpHttp(port);
        String accept = "application/json, text/event-stream";
        Map<String, Integer> codes = new LinkedHashMap<>();
        codes.put("null", -32600);
        codes.put("[]", -32600);
        codes.put("{}", -32600);
        codes.put("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"tools/call\"}", -32602);
        codes.put("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"tools/call\", \"params\": 5}", -32602);
        codes.put(
                "{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"tools/call\", "
                        + "\"params\": {\"name\": \"ask\", \"arguments\": \"x\"}}",
                -32602);
        codes.put("{\"jsonrpc\": \"2.0\", \"id\": {\"a\": 1}, \"method\": \"tools/list\"}", -32600);

        for (Map.Entry<String, Integer> bad : codes.entrySet()) {
            McpHttp.Response response = http.post("/mcp", bad.getKey(), "Accept", accept);

            assertThat(response.status()).as(bad.getKey()).isEqualTo(400);
            JsonNode answer = response.json();
            assertThat(answer.path("jsonrpc").asString()).isEqualTo("2.0");
            assertThat(answer.path("error").path("code").asInt())
                    .as(bad.getKey())
                    .isEqualTo(bad.getValue());
            assertThat(response.body()).doesNotContain("stackTrace");
        }
        McpHttp.Response noParams =
                http.post("/mcp", "{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"tools/call\"}", "Accept", accept);
        assertThat(noParams.json().path("id").asInt()).isEqualTo(7);

        // an error the transport raises itself: its code and message, without the serialised exception
        McpHttp.Response notJson = http.post(
                "/mcp", "{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": \"tools/list\"}", "Accept", "application/json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("error").path("message").asString()).contains("Accept");
        assertThat(notJson.json().path("id").asInt()).isEqualTo(8);
        assertThat(notJson.body()).doesNotContain("stackTrace");

        // a good message still reaches the server
        McpHttp.Response list =
                http.post("/mcp", "{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": \"tools/list\"}", "Accept", accept);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("result").path("tools").isArray()).isTrue();
    }

    @Test
    void refusesACallWithoutAServiceCredential() throws Exception {
        McpHttp.Response response = new McpHttp(port)
                .postAnonymously("/mcp", "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/list\"}");

        assertThat(response.status()).isEqualTo(401);
    }
}
