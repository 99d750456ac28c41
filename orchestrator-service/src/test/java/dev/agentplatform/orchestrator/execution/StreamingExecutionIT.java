package dev.agentplatform.orchestrator.execution;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentplatform.orchestrator.Executions;
import dev.agentplatform.orchestrator.Neighbours;
import dev.agentplatform.orchestrator.RecordingExecutionEvents;
import dev.agentplatform.support.security.TestServiceCalls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/executions} streamed ({@code Accept: text/event-stream}) over real HTTP. python
 * calls an OpenAI-compatible provider played by WireMock, with the simulated provider as its
 * fallback: a failure before the first piece falls back, a failure after it ends the stream with an
 * {@code error} event and nothing else answers.
 */
@Import(RecordingExecutionEvents.Replacing.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.orchestrator.providers.wire.type=openai-compatible",
            "platform.orchestrator.providers.wire.model=wire-model",
            "platform.orchestrator.providers.wire.api-key=test-key",
            "platform.orchestrator.providers.wire.timeout=5s",
            "platform.orchestrator.simulated.agents.python.latency-ms=0",
            "platform.orchestrator.simulated.agents.javascript.latency-ms=0",
            "platform.orchestrator.simulated.agents.rust.latency-ms=0",
            "platform.orchestrator.resilience.failure-threshold=100000",
            "platform.orchestrator.resilience.retry-backoff=1ms",
            "platform.orchestrator.tasks.consumer-enabled=false",
            // each test stubs the budget it needs: no standing carried over from another test
            "platform.orchestrator.clients.budget-cache-ttl=0",
            "platform.orchestrator.chaos.refresh=1h"
        })
class StreamingExecutionIT {

    private static final Neighbours neighbours = new Neighbours("{\"name\":\"python\",\"team\":\"code\","
            + "\"description\":\"Python.\",\"systemPrompt\":\"You are a senior Python engineer.\","
            + "\"provider\":\"wire\",\"fallbackProviders\":[\"simulated\"],\"tier\":\"cheap\"}");

    @DynamicPropertySource
    static void neighbours(DynamicPropertyRegistry registry) {
        neighbours.register(registry);
        registry.add(
                "platform.orchestrator.providers.wire.base-url",
                () -> neighbours.server().baseUrl() + "/v1");
    }

    @AfterAll
    static void stopNeighbours() {
        neighbours.stop();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    RecordingExecutionEvents events;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        neighbours.reset();
        events.clear();
    }

    /** One server-sent event as received. */
    record Event(String name, JsonNode data) {}

    /** What came back: the status, the content type, and the events of a stream. */
    record Answer(int status, String contentType, List<Event> events, String body) {

        List<String> deltas() {
            return events.stream()
                    .filter(e -> e.name().equals("delta"))
                    .map(e -> e.data().get("content").asString())
                    .toList();
        }

        List<String> names() {
            return events.stream().map(Event::name).toList();
        }
    }

    private static String execution(String strategy, String... agents) {
        return Executions.request("t-stream", "Write a merge function", strategy, agents);
    }

    private Answer stream(String body) throws IOException, InterruptedException {
        return send(body, "text/event-stream");
    }

    private Answer send(String body, String accept) throws IOException, InterruptedException {
        HttpResponse<java.io.InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/executions"))
                        .header("Content-Type", "application/json")
                        .header("Accept", accept)
                        .header("Authorization", TestServiceCalls.bearer("alice", "pro"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        List<Event> received = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                raw.append(line).append('\n');
                if (line.startsWith("event:")) {
                    name = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:")) {
                    received.add(new Event(
                            name, json.readTree(line.substring("data:".length()).strip())));
                }
            }
        }
        return new Answer(response.statusCode(), contentType, received, raw.toString());
    }

    private static String chunk(String delta) {
        return "data: {\"id\":\"c-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"wire-model\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":null}]}\n\n";
    }

    private static void wireAnswers(String events) {
        neighbours
                .server()
                .stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "text/event-stream")
                                .withBody(events)));
    }

    @Test
    void streamsTheProvidersPiecesInOrderThenTheResult() throws Exception {
        wireAnswers(chunk("{\"role\":\"assistant\",\"content\":\"\"}")
                + chunk("{\"content\":\"Merge\"}")
                + chunk("{\"content\":\" two lists\"}")
                + "data: {\"id\":\"c-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"wire-model\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"id\":\"c-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"wire-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,"
                + "\"total_tokens\":12}}\n\ndata: [DONE]\n\n");

        Answer answer = stream(execution("SINGLE", "python"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/event-stream");
        // a word is handed on once it is whole (the output leak check reads words): "Merge" waits
        // for the next piece, "lists" for the end of the answer
        assertThat(answer.deltas()).containsExactly("Merge two ", "lists");
        assertThat(answer.names()).containsExactly("delta", "delta", "result");
        // the first piece names who answers, for what relays the stream; the others do not repeat it
        assertThat(answer.events().get(0).data().get("agent").asString()).isEqualTo("python");
        assertThat(answer.events().get(0).data().get("strategy").asString()).isEqualTo("SINGLE");
        assertThat(answer.events().get(1).data().has("agent")).isFalse();
        JsonNode result = answer.events().get(2).data();
        assertThat(result.get("content").asString()).isEqualTo("Merge two lists");
        assertThat(result.get("provider").asString()).isEqualTo("wire");
        assertThat(result.get("usage").get("promptTokens").asInt()).isEqualTo(9);
        assertThat(result.get("usage").get("completionTokens").asInt()).isEqualTo(3);
        assertThat(events.usage())
                .singleElement()
                .satisfies(u -> assertThat(u.provider()).isEqualTo("wire"));
    }

    @Test
    void fallsBackToTheNextProviderWhenTheFirstFailsBeforeItsFirstPiece() throws Exception {
        wireFails();

        Answer answer = stream(execution("SINGLE", "python"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.deltas()).hasSizeGreaterThan(1);
        assertThat(String.join("", answer.deltas())).startsWith("[simulated python]");
        JsonNode result = answer.events().get(answer.events().size() - 1).data();
        assertThat(answer.names().get(answer.names().size() - 1)).isEqualTo("result");
        assertThat(result.get("provider").asString()).isEqualTo("simulated");
        assertThat(result.get("content").asString()).isEqualTo(String.join("", answer.deltas()));
        neighbours.server().verify(2, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    }

    @Test
    void namesTheNextAgentInTheFirstPieceWhenThePrimaryFailedBeforeAnswering() throws Exception {
        wireFails();
        chaos("python", "{\"failureRate\": 1.0, \"latencyMs\": 0}");
        try {
            Answer answer = stream(execution("SINGLE", "python", "javascript"));

            assertThat(answer.status()).isEqualTo(200);
            JsonNode first = answer.events().get(0).data();
            assertThat(first.get("agent").asString()).isEqualTo("javascript");
            assertThat(first.get("strategy").asString()).isEqualTo("SINGLE");
            JsonNode result = answer.events().get(answer.events().size() - 1).data();
            assertThat(result.get("agent").asString()).isEqualTo("javascript");
        } finally {
            chaos("python", null);
        }
    }

    @Test
    void stopsTheAnswerWhenTheClientGoesAwayWithoutCountingItAsAFailure() throws Exception {
        // 40 pieces over 4 s: the client leaves after the first
        chaos("javascript", "{\"failureRate\": 0.0, \"latencyMs\": 4000}");
        try {
            HttpResponse<java.io.InputStream> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/executions"))
                            .header("Content-Type", "application/json")
                            .header("Accept", "text/event-stream")
                            .header("Authorization", TestServiceCalls.bearer("alice", "pro"))
                            .POST(HttpRequest.BodyPublishers.ofString(execution("SINGLE", "javascript")))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertThat(reader.readLine()).isEqualTo("event: delta");
            }

            // had it run to its end, the answer would have been booked (usage) and learned from
            // (a successful outcome) within the 4 s; stopped, it is neither, nor a failure
            await().during(Duration.ofMillis(5000))
                    .atMost(Duration.ofMillis(6000))
                    .until(() -> events.usage().isEmpty() && events.outcomes().isEmpty());
        } finally {
            chaos("javascript", null);
        }
        // the request thread was not left interrupted: the next answers are whole
        for (int i = 0; i < 3; i++) {
            Answer next = stream(execution("SINGLE", "javascript"));
            assertThat(next.names()).last().isEqualTo("result");
        }
    }

    private static void wireFails() {
        neighbours
                .server()
                .stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                        .willReturn(aResponse().withStatus(500).withBody("{\"error\":\"boom\"}")));
    }

    private void chaos(String agent, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/admin/v1/chaos/agents/" + agent))
                .header("Authorization", TestServiceCalls.adminBearer());
        HttpResponse<String> response = http.send(
                body == null
                        ? request.DELETE().build()
                        : request.header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isBetween(200, 204);
    }

    @Test
    void endsWithAnErrorEventAndNoFallbackWhenTheProviderFailsAfterItsFirstPiece() throws Exception {
        wireAnswers(chunk("{\"role\":\"assistant\",\"content\":\"\"}")
                + chunk("{\"content\":\"Merge\"}")
                + "data: {\"choices\": [ oops\n\n");

        Answer answer = stream(execution("SINGLE", "python", "javascript"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.names()).containsExactly("delta", "error");
        assertThat(answer.deltas()).containsExactly("Merge");
        JsonNode error = answer.events().get(1).data();
        assertThat(error.get("status").asInt()).isEqualTo(502);
        assertThat(error.get("type").asString()).endsWith("upstream-failure");
        assertThat(answer.body()).doesNotContain("[simulated");
        // one call only: neither a retry nor the fallback provider nor the next agent ran
        neighbours.server().verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
        assertThat(events.outcomes())
                .singleElement()
                .satisfies(o -> assertThat(o.success()).isFalse());
    }

    @Test
    void answersAFailureBeforeTheFirstPieceAsAnOrdinaryProblemWithItsStatus() throws Exception {
        neighbours
                .server()
                .stubFor(get(urlPathMatching("/v1/budgets/.+"))
                        .willReturn(okJson("{\"userId\":\"alice\",\"tier\":\"pro\",\"allowed\":false,"
                                + "\"spentTodayUsd\":1.00,\"dailyLimitUsd\":1.00,\"remainingUsd\":0}")));

        Answer answer = stream(execution("SINGLE", "javascript"));

        assertThat(answer.status()).isEqualTo(402);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"status\":402");
    }

    @Test
    void sendsAParallelRunsChosenAnswerAsOnePiece() throws Exception {
        Answer answer = stream(execution("PARALLEL", "javascript", "rust"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.names()).containsExactly("delta", "result");
        assertThat(answer.deltas().get(0))
                .isEqualTo(answer.events().get(1).data().get("content").asString());
        assertThat(answer.events().get(0).data().get("agent").asString())
                .isEqualTo(answer.events().get(1).data().get("agent").asString());
        assertThat(answer.events().get(0).data().get("strategy").asString()).isEqualTo("PARALLEL");
    }

    @Test
    void answersWholeJsonToCallersThatAcceptAnything() throws Exception {
        Answer answer = send(execution("SINGLE", "javascript"), "*/*");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.events()).isEmpty();
        assertThat(json.readTree(answer.body()).get("agent").asString()).isEqualTo("javascript");
    }
}
