package dev.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.agentplatform.deploy.MetricQueries;
import dev.agentplatform.deploy.Repository;
import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.support.security.TestServiceCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The six services as separate processes from their built jars, against real Redis and
 * PostgreSQL, driven only through their HTTP APIs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformEndToEndIT {

    private static final int REDIS_DB = 10;
    private static final String DEV_KEY = "e2e-dev-key";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PlatformUnderTest platform;
    private TestDatabase database;

    @BeforeAll
    void startPlatform() throws Exception {
        platform = new PlatformUnderTest(
                "platform", REDIS_DB, Map.of("PLATFORM_DEV_KEY", DEV_KEY, "PLATFORM_ADMIN_KEY", "e2e-admin-key"));
        database = platform.database();
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void chatCompletionAnswersInTheOpenAiShapeWithThePlatformHeaders() throws Exception {
        HttpResponse<String> response = post(
                "/v1/chat/completions",
                chat("auto", "Write a python function that reverses a string"),
                Map.of("X-Request-Id", "e2e-request-1"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String body = response.body();
        assertThat(JsonPath.<String>read(body, "$.object")).isEqualTo("chat.completion");
        assertThat(JsonPath.<String>read(body, "$.choices[0].message.role")).isEqualTo("assistant");
        assertThat(JsonPath.<String>read(body, "$.choices[0].message.content"))
                .isNotBlank()
                .containsIgnoringCase("simulated");
        assertThat(JsonPath.<Integer>read(body, "$.usage.total_tokens")).isPositive();
        assertThat(header(response, "X-Agent")).isEqualTo("python");
        assertThat(header(response, "X-Strategy")).isEqualTo("SINGLE");
        assertThat(header(response, "X-Cache")).isEqualTo("MISS");
        assertThat(new java.math.BigDecimal(header(response, "X-Cost-USD"))).isPositive();
        assertThat(header(response, "X-Request-Id")).isEqualTo("e2e-request-1");
    }

    @Test
    void aStreamedChatCompletionPassesThroughEveryServiceAsOpenAiChunks() throws Exception {
        HttpResponse<String> response = post(
                "/v1/chat/completions",
                "{\"model\": \"auto\", \"stream\": true, \"stream_options\": {\"include_usage\": true},"
                        + " \"messages\": [{\"role\": \"user\", \"content\":"
                        + " \"Write a python function that merges two sorted lists\"}]}",
                Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).startsWith("text/event-stream");
        assertThat(header(response, "X-Cache")).isEqualTo("MISS");
        java.util.List<String> frames = java.util.Arrays.stream(response.body().split("\n\n"))
                .filter(frame -> !frame.isBlank())
                .map(frame -> frame.substring("data: ".length()))
                .toList();
        assertThat(frames).last().isEqualTo("[DONE]");
        assertThat(JsonPath.<String>read(frames.get(0), "$.choices[0].delta.role"))
                .isEqualTo("assistant");
        StringBuilder content = new StringBuilder();
        frames.subList(1, frames.size() - 3)
                .forEach(frame -> content.append(JsonPath.<String>read(frame, "$.choices[0].delta.content")));
        assertThat(content.toString()).startsWith("[simulated python]");
        assertThat(frames.size()).isGreaterThan(6);
        assertThat(JsonPath.<String>read(frames.get(frames.size() - 3), "$.choices[0].finish_reason"))
                .isEqualTo("stop");
        assertThat(JsonPath.<Integer>read(frames.get(frames.size() - 2), "$.usage.total_tokens"))
                .isPositive();
    }

    @Test
    void usageOfAnAnswerLandsInTheLedgerAndTheUsageEndpoint() throws Exception {
        HttpResponse<String> response =
                post("/v1/chat/completions", chat("auto", "Which SQL query totals sales per region?"), Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String requestId = header(response, "X-Request-Id");

        // the model's call is booked once; a paid capability call the agent made is a row of its own (provider
        // mcp), booked by the orchestrator with the task and not a second time by mcp-service (mcp:<server>)
        Integer modelRows = eventually(() -> {
            try (var connection =
                            DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                    var statement = connection.prepareStatement("select count(*) from cost.usage_ledger"
                            + " where request_id = ? and user_id = 'dev' and provider not like 'mcp%'")) {
                statement.setString(1, requestId);
                try (var result = statement.executeQuery()) {
                    result.next();
                    int count = result.getInt(1);
                    return count > 0 ? count : null;
                }
            }
        });
        assertThat(modelRows).isEqualTo(1);
        try (var connection =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                var statement = connection.prepareStatement(
                        "select count(*) from cost.usage_ledger" + " where request_id = ? and provider like 'mcp:%'")) {
            statement.setString(1, requestId);
            try (var result = statement.executeQuery()) {
                result.next();
                assertThat(result.getInt(1)).as("tool calls booked twice").isZero();
            }
        }

        HttpResponse<String> usage = get("/v1/usage");
        assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(usage.body(), "$.requests")).isPositive();
    }

    @Test
    void theExchangeIsRememberedForTheConversation() throws Exception {
        String conversation = "e2e-" + UUID.randomUUID();
        String prompt = "Summarize the history of the printing press";
        HttpResponse<String> response =
                post("/v1/chat/completions", chat("auto", prompt), Map.of("X-Conversation-Id", conversation));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        String context = eventually(() -> {
            HttpResponse<String> memory = http.send(
                    HttpRequest.newBuilder(
                                    URI.create(platform.url("memory-service") + "/v1/memory/dev/" + conversation))
                            .header("Authorization", TestServiceCalls.bearer("dev", "enterprise"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            List<Object> messages = JsonPath.read(memory.body(), "$.messages");
            return messages.size() >= 2 ? memory.body() : null;
        });
        assertThat(JsonPath.<List<String>>read(context, "$.messages[*].role")).containsExactly("user", "assistant");
        assertThat(JsonPath.<String>read(context, "$.messages[0].content")).isEqualTo(prompt);
    }

    @Test
    void aToolUsingAgentCallsTheRealMcpServer() throws Exception {
        HttpResponse<String> response = post(
                "/v1/tasks",
                "{\"prompt\": \"What documents do we have on file?\", \"agents\": [\"pdf_reader\"]}",
                Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.agent")).isEqualTo("pdf_reader");
        assertThat(JsonPath.<String>read(response.body(), "$.toolCalls[0].capability"))
                .isEqualTo("filesystem");
        assertThat(JsonPath.<Boolean>read(response.body(), "$.toolCalls[0].error"))
                .isFalse();
        // the file names can only come from the MCP filesystem server listing the workspace
        assertThat(JsonPath.<String>read(response.body(), "$.content")).contains(".md");
    }

    @Test
    void aRequestWithoutAKeyGetsA401Problem() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(platform.url("gateway-service") + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(chat("auto", "hello")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(header(response, "Content-Type")).startsWith("application/problem+json");
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(401);
    }

    @Test
    void badInputOnPublicEndpointsGetsA400ProblemNeverA500() throws Exception {
        List<String[]> cases = List.of(
                new String[] {"/v1/chat/completions", "{\"model\": 5, \"messages\": \"nope\""},
                new String[] {"/v1/chat/completions", "{\"model\": \"auto\"}"},
                new String[] {
                    "/v1/chat/completions", "{\"model\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"
                },
                new String[] {"/v1/chat/completions", "[]"},
                new String[] {"/v1/tasks", "{\"prompt\": "},
                new String[] {"/v1/tasks", "{}"},
                new String[] {"/v1/tasks", "{\"prompt\": \"hi\", \"agents\": \"python\"}"},
                new String[] {"/v1/tasks", "{\"prompt\": \"hi\", \"strategy\": \"SIDEWAYS\"}"});
        for (String[] c : cases) {
            HttpResponse<String> response = post(c[0], c[1], Map.of());
            assertThat(response.statusCode())
                    .as(c[0] + " " + c[1] + " -> " + response.body())
                    .isEqualTo(400);
            assertThat(header(response, "Content-Type")).as(c[0] + " " + c[1]).startsWith("application/problem+json");
        }
    }

    @Test
    void everyMetricTheDashboardsAndAlertRulesQueryIsExported() throws Exception {
        String prompt = "Write a python function number " + UUID.randomUUID();
        post("/v1/chat/completions", chat("auto", prompt), Map.of());
        post("/v1/chat/completions", chat("auto", prompt), Map.of());
        post("/v1/tasks", "{\"prompt\": \"Summarize the history of tea\", \"strategy\": \"PARALLEL\"}", Map.of());
        // a read-only query through the database capability's PostgreSQL MCP server, the way a local
        // client without a credential may call a free entry
        HttpResponse<String> query = http.send(
                HttpRequest.newBuilder(URI.create(platform.url("mcp-service") + "/v1/capabilities/database/call"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"arguments\": {\"sql\": \"select 1 as one\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
        List<MetricQueries.Query> queries = MetricQueries.all(Repository.root());
        assertThat(queries).hasSizeGreaterThan(50);

        // the usage and outcome events reach the cost and router services through Redis Streams
        Set<String> missing = missingMetrics(queries);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            missing = missingMetrics(queries);
        }

        assertThat(missing).isEmpty();
    }

    /** The queried metric names no service's scrape exposes, each with the file that queries it. */
    private Set<String> missingMetrics(List<MetricQueries.Query> queries) throws Exception {
        Set<String> exposed = new TreeSet<>();
        for (String service : ServiceProcesses.SERVICES) {
            HttpResponse<String> scrape = http.send(
                    HttpRequest.newBuilder(URI.create(platform.url(service) + "/actuator/prometheus"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            exposed.addAll(MetricQueries.exposedNames(scrape.body()));
        }
        Set<String> missing = new TreeSet<>();
        for (MetricQueries.Query q : queries) {
            for (String name : MetricQueries.metricNames(q.expr())) {
                // up is Prometheus' own; recording rules (name:with:colons) are made by Prometheus
                if (!name.equals("up") && !name.contains(":") && !MetricQueries.exported(name, exposed)) {
                    missing.add(name + " (" + q.source() + ")");
                }
            }
        }
        return missing;
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.url("gateway-service") + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + DEV_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(platform.url("gateway-service") + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("X-API-Key", DEV_KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String chat(String model, String content) {
        return "{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \""
                + content.replace("\"", "\\\"") + "\"}]}";
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** Polls until {@code probe} gives a value (events are consumed asynchronously). */
    private static <T> T eventually(Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("condition not met in 30 s", last);
    }
}
