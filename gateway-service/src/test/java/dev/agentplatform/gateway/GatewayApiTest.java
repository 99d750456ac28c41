package dev.agentplatform.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.http.BadInputs;
import dev.agentplatform.support.http.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway over a real port, with the router and the cost service stubbed by WireMock. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "platform.gateway.auth.admin-key=test-admin-key-1"})
class GatewayApiTest {

    @RegisterExtension
    static final WireMockExtension router = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @RegisterExtension
    static final WireMockExtension cost = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @RegisterExtension
    static final WireMockExtension orchestrator = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @RegisterExtension
    static final WireMockExtension memory = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @RegisterExtension
    static final WireMockExtension mcp = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @DynamicPropertySource
    static void downstreamUrls(DynamicPropertyRegistry registry) {
        registry.add("platform.gateway.routes.memory-url", memory::baseUrl);
        registry.add("platform.gateway.routes.mcp-url", mcp::baseUrl);
        registry.add("platform.gateway.routes.orchestrator-url", orchestrator::baseUrl);
        registry.add("platform.gateway.routes.router-url", router::baseUrl);
        registry.add("platform.gateway.routes.cost-url", cost::baseUrl);
        // no Redis: the caches miss and the rate limits fail open, as documented; never a Redis of
        // the machine's, whose data is not ours
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + dev.agentplatform.devinfra.Ports.free());
        registry.add("spring.datasource.url", TwoGateways::unreachableDatabaseUrl);
        // a semantic index of its own: answers of earlier runs must not be served here
        registry.add(
                "platform.gateway.semantic.lucene-directory",
                () -> dev.agentplatform.devinfra.TestInfrastructure.tempDir(
                                "gateway-api-test-" + java.util.UUID.randomUUID())
                        .toString());
    }

    static final String DEV_KEY = "dev-local-key";

    static final String TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]";

    static final String RESULT = """
            {"taskId":"t-1","agent":"sql","team":"data","strategy":"SINGLE",
             "content":"[simulated sql] SELECT region, SUM(total) FROM orders GROUP BY region;",
             "provider":"simulated","model":"simulated-cheap","simulated":true,
             "usage":{"promptTokens":12,"completionTokens":20},"costUsd":0.000123,"latencyMs":42,"toolCalls":[]}
            """;

    /**
     * The router's stream of {@link #RESULT}: its content in three pieces (the first naming the
     * agent and strategy), then the result.
     */
    static final String STREAM = "event: delta\ndata: {\"content\":\"[simulated sql] SELECT\","
            + "\"agent\":\"sql\",\"strategy\":\"SINGLE\"}\n\n"
            + "event: delta\ndata: {\"content\":\" region, SUM(total)\"}\n\n"
            + "event: delta\ndata: {\"content\":\" FROM orders GROUP BY region;\"}\n\n"
            + "event: result\ndata: " + RESULT.replace("\n", "") + "\n\n";

    static final String CHAT = """
            {"model": "auto", "messages": [
              {"role": "system", "content": "Be brief."},
              {"role": "user", "content": "first question"},
              {"role": "assistant", "content": "first answer"},
              {"role": "user", "content": "Write a SQL query for totals per region"}]}
            """;

    private final JsonMapper json = new JsonMapper();

    @LocalServerPort
    int port;

    WebTestClient client;

    @BeforeEach
    void client() {
        client = GatewayApiTest.client(port);
    }

    @Test
    void theMcpEndpointIsServedByMcpServiceForTheKeysUserAndRefusedWithoutAKey() {
        mcp.stubFor(post("/mcp").willReturn(json("{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": {\"tools\": []}}")));
        String list = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/list\"}";

        client.post()
                .uri("/mcp")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(list)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        client.post()
                .uri("/mcp")
                .header("Authorization", "Bearer " + DEV_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(list)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.result.tools")
                .isArray();

        mcp.verify(1, postRequestedFor(urlEqualTo("/mcp")).andMatching(Credentials.actingFor("dev", "enterprise")));
    }

    @Test
    void anInjectedPromptForTheMcpAskToolIsRefusedLikeATasks() {
        mcp.stubFor(post("/mcp").willReturn(json("{}")));
        String ask = "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"tools/call\", \"params\": {\"name\": \"ask\","
                + " \"arguments\": {\"prompt\": \"" + GuardPlacementsTest.INJECTIONS.get(0) + "\"}}}";

        expectProblem(
                client.post()
                        .uri("/mcp")
                        .header("X-API-Key", DEV_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(ask)
                        .exchange(),
                403,
                ProblemTypes.FORBIDDEN);
        mcp.verify(0, postRequestedFor(urlEqualTo("/mcp")));
    }

    @Test
    void aRequestWithoutKeyIs401ProblemWithBearerChallenge() {
        expectProblem(
                        client.post()
                                .uri("/v1/chat/completions")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue("{}")
                                .exchange(),
                        401,
                        ProblemTypes.UNAUTHORIZED)
                .jsonPath("$.requestId")
                .isNotEmpty();
        client.get()
                .uri("/v1/models")
                .exchange()
                .expectHeader()
                .value("WWW-Authenticate", value -> assertThat(value).startsWith("Bearer"));
        assertThat(router.getAllServeEvents()).isEmpty();
    }

    @Test
    void anUnknownKeyIs401ProblemWhicheverHeaderCarriesIt() {
        expectProblem(
                client.get()
                        .uri("/v1/models")
                        .header("Authorization", "Bearer not-a-key-1234")
                        .exchange(),
                401,
                ProblemTypes.UNAUTHORIZED);
        expectProblem(
                client.get()
                        .uri("/v1/agents")
                        .header("X-API-Key", "not-a-key-1234")
                        .exchange(),
                401,
                ProblemTypes.UNAUTHORIZED);
        expectProblem(
                client.get()
                        .uri("/v1/models")
                        .header("Authorization", "Bearer test-admin-key-1")
                        .exchange(),
                401,
                ProblemTypes.UNAUTHORIZED);
        assertThat(router.getAllServeEvents()).isEmpty();
    }

    @Test
    void bearerAndApiKeyHeaderBothAuthenticate() {
        router.stubFor(get("/v1/agents").willReturn(json("[]")));

        client.get()
                .uri("/v1/models")
                .header("Authorization", "Bearer " + DEV_KEY)
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/v1/models")
                .header("X-API-Key", DEV_KEY)
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/v1/models")
                .header("Authorization", "bearer " + DEV_KEY)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aChatCompletionIsAnsweredInTheOpenAiShapeWithThePlatformHeaders() {
        router.stubFor(post("/v1/tasks").willReturn(json(RESULT)));

        byte[] body = chat(CHAT)
                .header("X-Request-Id", "req-42")
                .header("X-Conversation-Id", "conv-7")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectHeader()
                .valueEquals("X-Agent", "sql")
                .expectHeader()
                .valueEquals("X-Strategy", "SINGLE")
                .expectHeader()
                .valueEquals("X-Cache", "MISS")
                .expectHeader()
                .valueEquals("X-Cost-USD", "0.000123")
                .expectHeader()
                .valueEquals("X-Request-Id", "req-42")
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo("chatcmpl-t-1")
                .jsonPath("$.object")
                .isEqualTo("chat.completion")
                .jsonPath("$.created")
                .isNumber()
                .jsonPath("$.model")
                .isEqualTo("simulated-cheap")
                .jsonPath("$.choices.length()")
                .isEqualTo(1)
                .jsonPath("$.choices[0].index")
                .isEqualTo(0)
                .jsonPath("$.choices[0].message.role")
                .isEqualTo("assistant")
                .jsonPath("$.choices[0].message.content")
                .isEqualTo("[simulated sql] SELECT region, SUM(total) FROM orders GROUP BY region;")
                .jsonPath("$.choices[0].finish_reason")
                .isEqualTo("stop")
                .jsonPath("$.usage.prompt_tokens")
                .isEqualTo(12)
                .jsonPath("$.usage.completion_tokens")
                .isEqualTo(20)
                .jsonPath("$.usage.total_tokens")
                .isEqualTo(32)
                .returnResult()
                .getResponseBody();
        assertThat(body).isNotEmpty();

        router.verify(postRequestedFor(urlEqualTo("/v1/tasks"))
                .andMatching(Credentials.actingFor("dev", "enterprise"))
                .withHeader("X-User-Id", absent())
                .withHeader("X-Request-Id", equalTo("req-42"))
                .withHeader("traceparent", matching(TRACEPARENT))
                .withRequestBody(equalToJson("""
                        {"prompt": "Write a SQL query for totals per region", "userId": "dev",
                         "conversationId": "conv-7", "model": "auto",
                         "messages": [{"role": "system", "content": "Be brief."},
                                      {"role": "user", "content": "first question"},
                                      {"role": "assistant", "content": "first answer"}]}
                        """, false, true)));
    }

    @Test
    void theCallersTraceIsContinuedToTheRouter() {
        router.stubFor(post("/v1/tasks").willReturn(json(RESULT)));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        chat(CHAT)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .exchange()
                .expectStatus()
                .isOk();

        router.verify(postRequestedFor(urlEqualTo("/v1/tasks"))
                .withHeader("traceparent", matching("00-" + traceId + "-[0-9a-f]{16}-01")));
    }

    @Test
    void identityHeadersFromTheClientAreReplacedByTheKeysUser() {
        router.stubFor(post("/v1/tasks").willReturn(json(RESULT)));
        router.stubFor(get("/v1/agents").willReturn(json("[]")));

        chat(CHAT)
                .header("X-User-Id", "mallory")
                .header("X-User-Tier", "enterprise")
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/v1/agents")
                .header("X-API-Key", DEV_KEY)
                .header("X-User-Id", "mallory")
                .header("X-User-Tier", "enterprise")
                .header("X-Prompt-Embedding", "AAAA")
                .exchange()
                .expectStatus()
                .isOk();

        router.verify(
                postRequestedFor(urlEqualTo("/v1/tasks")).andMatching(Credentials.actingFor("dev", "enterprise")));
        router.verify(getRequestedFor(urlEqualTo("/v1/agents"))
                .andMatching(Credentials.actingFor("dev", "enterprise"))
                .withHeader("X-Prompt-Embedding", absent())
                .withHeader("X-API-Key", absent()));
        assertThat(router.getAllServeEvents()).allSatisfy(event -> {
            assertThat(event.getRequest().getHeaders().getHeader("X-User-Id").isPresent())
                    .isFalse();
            assertThat(event.getRequest()
                            .getHeaders()
                            .getHeader("Authorization")
                            .values())
                    .hasSize(1);
        });
    }

    @Test
    void headerFieldsOverSixteenKilobytesAreA431Problem() {
        router.stubFor(get("/v1/agents").willReturn(json("[]")));

        RawHttp.Response tooLarge =
                RawHttp.send(port, "GET", "/v1/agents", null, "X-API-Key: " + DEV_KEY, "X-Pad: " + "a".repeat(17_000));
        assertThat(tooLarge.status()).isEqualTo(431);
        assertThat(tooLarge.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(tooLarge.header("X-Request-Id")).isNotBlank();
        JsonNode problem = json.readTree(tooLarge.body());
        assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.REQUEST_TOO_LARGE.toString());
        assertThat(problem.get("status").asInt()).isEqualTo(431);
        assertThat(problem.get("requestId").asString()).isEqualTo(tooLarge.header("X-Request-Id"));

        // just within the limit, the request goes through to the service
        RawHttp.Response within =
                RawHttp.send(port, "GET", "/v1/agents", null, "X-API-Key: " + DEV_KEY, "X-Pad: " + "a".repeat(15_000));
        assertThat(within.status()).isEqualTo(200);
        assertThat(router.getAllServeEvents()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/9.9", "HTTP/1.2", "HTTP/0.9", "HTTP/3.0"})
    void anHttpVersionOtherThanOnePointZeroOrOneIsA505ProblemAndNeverServed(String version) {
        router.stubFor(get("/v1/agents").willReturn(json("[]")));

        // RawHttp appends its own version, which becomes a header line of no consequence
        RawHttp.Response response =
                RawHttp.send(port, "GET", "/v1/agents " + version + "\r\nX-Ignored:", null, "X-API-Key: " + DEV_KEY);

        assertThat(response.status()).isEqualTo(505);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.UNSUPPORTED.toString());
        assertThat(problem.get("status").asInt()).isEqualTo(505);
        assertThat(router.getAllServeEvents()).isEmpty();
    }

    @Test
    void aRequestLineOverFourKilobytesIsA414Problem() {
        RawHttp.Response response =
                RawHttp.send(port, "GET", "/v1/tasks/" + "a".repeat(5000), null, "X-API-Key: " + DEV_KEY);

        assertThat(response.status()).isEqualTo(414);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(json.readTree(response.body()).get("status").asInt()).isEqualTo(414);
        assertThat(orchestrator.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/agents|x", "/v1/agents{x}", "/v1/agents^", "/v1/ag%zzents", "/v1/agents[0]"})
    void aRequestTargetNoUriCanHoldIsA400Problem(String target) {
        RawHttp.Response response = RawHttp.send(port, "GET", target, null, "X-API-Key: " + DEV_KEY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(json.readTree(response.body()).get("type").asString())
                .isEqualTo(ProblemTypes.INVALID_REQUEST.toString());
        assertThat(router.getAllServeEvents()).isEmpty();
    }

    @Test
    void aProxiedAnswerCarriesExactlyOneRequestId() {
        // the router echoes the id it was sent, as every service does
        router.stubFor(get("/v1/agents")
                .willReturn(json("[]").withHeader("X-Request-Id", "req-echo").withHeader("X-Other", "kept")));

        RawHttp.Response response =
                RawHttp.send(port, "GET", "/v1/agents", null, "X-API-Key: " + DEV_KEY, "X-Request-Id: req-echo");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.count("X-Request-Id")).isEqualTo(1);
        assertThat(response.header("X-Request-Id")).isEqualTo("req-echo");
        assertThat(response.header("X-Other")).isEqualTo("kept");
    }

    @Test
    void aStreamedCompletionSendsOpenAiChunksAndEndsWithDone() {
        router.stubFor(post("/v1/tasks").willReturn(json(RESULT)));

        byte[] body = chat(CHAT.replace("\"model\": \"auto\"", "\"model\": \"auto\", \"stream\": true"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectHeader()
                .valueEquals("X-Agent", "sql")
                .expectHeader()
                .valueEquals("X-Strategy", "SINGLE")
                .expectHeader()
                .valueEquals("X-Cache", "MISS")
                .expectHeader()
                .valueEquals("X-Cost-USD", "0.000123")
                .expectHeader()
                .exists("X-Request-Id")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();

        List<String> frames = frames(body);
        assertThat(frames).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = frames.subList(0, frames.size() - 1).stream()
                .map(json::readTree)
                .toList();
        assertThat(chunks).hasSizeGreaterThan(3).allSatisfy(chunk -> {
            assertThat(chunk.get("id").asString()).isEqualTo("chatcmpl-t-1");
            assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("model").asString()).isEqualTo("simulated-cheap");
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        StringBuilder content = new StringBuilder();
        chunks.forEach(
                chunk -> content.append(chunk.at("/choices/0/delta/content").asString("")));
        assertThat(content).hasToString("[simulated sql] SELECT region, SUM(total) FROM orders GROUP BY region;");
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(
                        chunk -> assertThat(chunk.at("/choices/0/finish_reason").isNull())
                                .isTrue());
    }

    @Test
    void aStreamAsksForUsageGetsAUsageChunkBeforeDone() {
        router.stubFor(post("/v1/tasks").willReturn(json(RESULT)));

        byte[] body = chat("""
                        {"model": "sql", "stream": true, "stream_options": {"include_usage": true},
                         "messages": [{"role": "user", "content": "totals per region"}]}""")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();

        List<String> frames = frames(body);
        JsonNode usage = json.readTree(frames.get(frames.size() - 2));
        assertThat(usage.get("choices").isEmpty()).isTrue();
        assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(32);
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder streamedTask() {
        return post("/v1/tasks").withHeader("Accept", containing("text/event-stream"));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder eventStream(String body) {
        return aResponse().withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    private List<JsonNode> streamedChunks(String events, String request) {
        router.stubFor(streamedTask().willReturn(eventStream(events)));
        byte[] body = chat(request)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectHeader()
                .valueEquals("X-Cache", "MISS")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        return frames(body).stream()
                .map(frame -> frame.equals("[DONE]") ? json.getNodeFactory().textNode("[DONE]") : json.readTree(frame))
                .toList();
    }

    @Test
    void aStreamFromTheRouterPassesThroughAsOpenAiChunksPieceByPiece() {
        List<JsonNode> frames = streamedChunks(STREAM, """
                {"model": "sql", "stream": true, "stream_options": {"include_usage": true},
                 "messages": [{"role": "user", "content": "totals per region, streamed"}]}""");

        assertThat(frames).last().satisfies(last -> assertThat(last.asString()).isEqualTo("[DONE]"));
        List<JsonNode> chunks = frames.subList(0, frames.size() - 1);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("id").asString())
                    .isEqualTo(chunks.get(0).get("id").asString());
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        // one chunk per piece of the router's stream, in its order
        assertThat(chunks.subList(1, 4))
                .extracting(chunk -> chunk.at("/choices/0/delta/content").asString())
                .containsExactly("[simulated sql] SELECT", " region, SUM(total)", " FROM orders GROUP BY region;");
        assertThat(chunks.get(4).at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(chunks.get(5).get("choices").isEmpty()).isTrue();
        assertThat(chunks.get(5).at("/usage/total_tokens").asInt()).isEqualTo(32);
    }

    @Test
    void aStreamedAnswerNamesTheAgentAndStrategyOfItsFirstPieceInItsHeaders() {
        HttpHeaders headers = streamedHeaders(STREAM, "Summarize last month's invoices by vendor");

        assertThat(headers.getFirst("X-Agent")).isEqualTo("sql");
        assertThat(headers.getFirst("X-Strategy")).isEqualTo("SINGLE");
        assertThat(headers.containsHeader("X-Cost-USD")).isFalse();
    }

    @Test
    void aFirstPieceWithAnOddAgentNameSetsNoAgentHeader() {
        HttpHeaders headers = streamedHeaders(
                "event: delta\ndata: {\"content\":\"x\",\"agent\":\"bad name\\r\\nX-Evil: 1\"}\n\n"
                        + "event: result\ndata: " + RESULT.replace("\n", "") + "\n\n",
                "Write a haiku about rivers in spring");

        assertThat(headers.containsHeader("X-Agent")).isFalse();
        assertThat(headers.containsHeader("X-Evil")).isFalse();
    }

    /** {@link #RESULT} as a budget moved it from the agent's model to a cheaper one. */
    private static final String DOWNGRADED_RESULT =
            RESULT.replace("\"costUsd\"", "\"costDowngraded\":\"opus-like->simulated-cheap\",\"costUsd\"");

    @Test
    void aWholeAnswerABudgetMovedToACheaperModelSaysSo() {
        router.stubFor(post("/v1/tasks").willReturn(json(DOWNGRADED_RESULT)));

        chat("{\"model\": \"sql\", \"messages\": [{\"role\": \"user\", \"content\": \"Name three rivers in Peru\"}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Cost-Downgraded", "opus-like->simulated-cheap");
    }

    @Test
    void aStreamedAnswerABudgetMovedToACheaperModelSaysSoInItsHeadersAsAWholeOneDoes() {
        // the headers go out before the first frame: the first piece names the downgrade
        HttpHeaders headers = streamedHeaders(
                "event: delta\ndata: {\"content\":\"[simulated sql] SELECT\",\"agent\":\"sql\","
                        + "\"strategy\":\"SINGLE\",\"costDowngraded\":\"opus-like->simulated-cheap\"}\n\n"
                        + "event: delta\ndata: {\"content\":\" region\"}\n\n"
                        + "event: result\ndata: " + DOWNGRADED_RESULT.replace("\n", "") + "\n\n",
                "Compose a limerick about owls");

        assertThat(headers.getFirst("X-Cost-Downgraded")).isEqualTo("opus-like->simulated-cheap");
        assertThat(headers.getFirst("X-Agent")).isEqualTo("sql");
    }

    @Test
    void aStreamTheRouterAnsweredWholeSaysItsDowngradeToo() {
        HttpHeaders headers = streamedHeaders(
                "event: result\ndata: " + DOWNGRADED_RESULT.replace("\n", "") + "\n\n",
                "List the prime numbers under twenty");

        assertThat(headers.getFirst("X-Cost-Downgraded")).isEqualTo("opus-like->simulated-cheap");
    }

    @Test
    void aFirstPieceWithAnOddDowngradeSetsNoDowngradeHeader() {
        HttpHeaders headers = streamedHeaders(
                "event: delta\ndata: {\"content\":\"x\",\"agent\":\"sql\","
                        + "\"costDowngraded\":\"a->b\\r\\nX-Evil: 1\"}\n\n"
                        + "event: result\ndata: " + RESULT.replace("\n", "") + "\n\n",
                "Explain how tides work on the moon");

        assertThat(headers.containsHeader("X-Cost-Downgraded")).isFalse();
        assertThat(headers.containsHeader("X-Evil")).isFalse();
    }

    /** The headers of a streamed chat for {@code prompt} answered by the router with {@code events}. */
    private HttpHeaders streamedHeaders(String events, String prompt) {
        router.stubFor(streamedTask().willReturn(eventStream(events)));
        return chat("{\"model\": \"sql\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \""
                        + prompt + "\"}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(byte[].class)
                .getResponseHeaders();
    }

    @Test
    void aStreamThatBreaksOffEndsWithAnErrorChunkAndNoDone() {
        List<JsonNode> frames = streamedChunks(
                "event: delta\ndata: {\"content\":\"[simulated sql] SELECT\"}\n\n"
                        + "event: error\ndata: {\"type\":\"https://agentplatform.dev/problems/upstream-failure\","
                        + "\"title\":\"Answer broken off\",\"status\":502,"
                        + "\"detail\":\"The agent failed after its answer had begun\"}\n\n",
                CHAT.replace("\"model\": \"auto\"", "\"model\": \"auto\", \"stream\": true"));

        assertThat(frames).hasSize(3);
        assertThat(frames.get(1).at("/choices/0/delta/content").asString()).isEqualTo("[simulated sql] SELECT");
        JsonNode error = frames.get(2).get("error");
        assertThat(error.get("message").asString()).isEqualTo("The agent failed after its answer had begun");
        assertThat(error.get("code").asInt()).isEqualTo(502);
    }

    @Test
    void aStreamThatEndsWithoutItsResultEndsWithAnErrorChunkAndNoDone() {
        List<JsonNode> frames = streamedChunks(
                "event: delta\ndata: {\"content\":\"[simulated sql] SELECT\"}\n\n",
                CHAT.replace("\"model\": \"auto\"", "\"model\": \"auto\", \"stream\": true"));

        assertThat(frames).hasSize(3);
        assertThat(frames.get(2).has("error")).isTrue();
    }

    @Test
    void aProblemBeforeTheStreamBeganReachesTheClientWithItsStatus() {
        router.stubFor(streamedTask()
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/problem+json")
                        .withHeader("Retry-After", "5")
                        .withBody("{\"type\":\"https://agentplatform.dev/problems/unavailable\",\"status\":503}")));

        chat(CHAT.replace("\"model\": \"auto\"", "\"model\": \"auto\", \"stream\": true"))
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals("Retry-After", "5")
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"model\": 5, \"messages\": \"nope\"",
                "not json",
                "{}",
                "{\"model\": \"auto\"}",
                "{\"model\": \"auto\", \"messages\": []}",
                "{\"model\": \"auto\", \"messages\": \"nope\"}",
                "{\"model\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": 5}]}",
                "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\"}]}",
                "{\"model\": \"auto\", \"messages\": [{\"role\": \"wizard\", \"content\": \"hi\"}]}",
                "{\"model\": \"auto\", \"messages\": [{\"role\": \"system\", \"content\": \"hi\"}]}",
                "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"  \"}]}",
                "{\"model\": \"auto\", \"messages\": [null]}",
                "{\"model\": \"auto\", \"temperature\": \"hot\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                "{\"model\": \"auto\", \"temperature\": 7, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                "{\"model\": \"auto\", \"max_tokens\": 1.5, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                "{\"model\": \"auto\", \"stream\": \"yes\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"
            })
    void malformedMissingOrWronglyTypedChatRequestsAre400Problems(String body) {
        expectProblem(chat(body).exchange(), 400, ProblemTypes.INVALID_REQUEST);
        assertThat(router.getAllServeEvents()).isEmpty();
    }

    @Test
    void aPromptOfOnlyControlCharactersOrLoneSurrogatesIsA400ProblemAndNeverLeaves() {
        for (String content : List.of("\\u0000", "\\u0000\\u0001\\u001f\\u007f", "\\ud800", " \\u0000\\n")) {
            expectProblem(
                    chat("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}")
                            .exchange(),
                    400,
                    ProblemTypes.INVALID_REQUEST);
        }
        assertThat(router.getAllServeEvents()).isEmpty();
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreStrippedBeforeTheRouterSeesAText() {
        router.stubFor(post("/v1/tasks").willReturn(json(RESULT)));
        router.stubFor(post("/v1/route").willReturn(json("{}")));
        chat("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"SQL\\u0000 totals\\ud800 per region\"}]}")
                .exchange()
                .expectStatus()
                .isOk();
        client.post()
                .uri("/v1/route")
                .header("X-API-Key", DEV_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"prompt\":\"\\u0000\\u0001\"}")
                .exchange()
                .expectStatus()
                .isOk();
        List<String> bodies = router.getAllServeEvents().stream()
                .map(event -> event.getRequest().getBodyAsString())
                .toList();
        assertThat(bodies).anySatisfy(body -> assertThat(body).contains("\"prompt\":\"SQL totals per region\""));
        // the router refuses the blank prompt; the gateway neither guarded nor forwarded the controls
        assertThat(bodies).anySatisfy(body -> assertThat(body).contains("\"prompt\":\"\""));
        assertThat(bodies).noneSatisfy(body -> assertThat(body).containsAnyOf("\\u0000", "\\u0001", "\\ud800"));
    }

    /**
     * Generated bad input (seeded, so a failure replays) on every path the gateway serves itself or
     * guards: any method, content type, header and body gets a status under 500, and every 4xx with
     * a body is an RFC 9457 problem.
     */
    @Test
    void generatedBadInputIsNeverA5xxAndEveryRefusalIsAProblem() {
        router.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                        com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                .willReturn(json(RESULT)));
        router.stubFor(get("/v1/agents").atPriority(1).willReturn(json("[]")));
        BadInputs inputs = new BadInputs(20_261_205L);
        Map<String, Integer> statuses = new java.util.TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String path =
                    inputs.pick(List.of("/v1/chat/completions", "/v1/tasks", "/v1/route", "/v1/agents", "/v1/models"));
            String method = inputs.nextInt(4) == 0 ? inputs.method() : "POST";
            String good = path.equals("/v1/chat/completions") ? chatBody(inputs) : taskBody(inputs);
            byte[] body = inputs.nextInt(6) == 0 ? inputs.brokenJson(good) : good.getBytes(StandardCharsets.UTF_8);
            List<String> headers = new ArrayList<>(List.of("X-API-Key: " + DEV_KEY));
            headers.addAll(List.of(
                    inputs.nextInt(3) == 0 ? inputs.contentType() : new String[] {"Content-Type: application/json"}));
            headers.addAll(inputs.headers());
            // the stub router (Jetty) fails on these itself; the e2e sweep sends them to the real services
            headers.removeIf(h -> h.startsWith("Content-Encoding") || h.contains("charset=nonsense"));
            String input = method + " " + path + " "
                    + headers.subList(1, headers.size()).stream()
                            .map(h -> h.length() > 80 ? h.substring(0, 80) + "..." : h)
                            .toList()
                    + " " + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            RawHttp.Response response;
            try {
                response = RawHttp.sendBytes(port, method, path, body, headers.toArray(String[]::new));
            } catch (java.io.UncheckedIOException e) {
                failures.add(input + " -> no answer: " + e.getCause());
                continue;
            }
            statuses.merge(method + " " + path + " -> " + response.status(), 1, Integer::sum);
            boolean problem = response.body().isEmpty()
                    || ("application/problem+json".equals(response.mediaType())
                            && response.body().contains("\"type\"")
                            && response.body().contains("\"title\"")
                            && response.body().contains("\"status\":" + response.status()));
            if (response.status() >= 500 || (response.status() >= 400 && !problem)) {
                failures.add(input + " -> " + response.status() + " " + response.mediaType() + " "
                        + response.body()
                                .substring(0, Math.min(200, response.body().length())));
            }
        }
        System.out.println("generated bad input, answers by method, path and status: " + statuses);
        assertThat(failures).isEmpty();
    }

    /** A chat completion body: the known members with valid or hostile values. */
    private static String chatBody(BadInputs inputs) {
        return inputs.object(
                List.of(
                        "model",
                        "messages",
                        "temperature",
                        "top_p",
                        "max_tokens",
                        "stream",
                        "tools",
                        "response_format",
                        "user",
                        "n"),
                field -> switch (field) {
                    case "model" -> "\"auto\"";
                    case "messages" ->
                        "["
                                + inputs.object(List.of("role", "content", "name"), member -> switch (member) {
                                    case "role" ->
                                        BadInputs.quote(inputs.pick(
                                                List.of("user", "system", "assistant", "tool", "developer")));
                                    case "content" ->
                                        inputs.nextInt(4) == 0
                                                ? "[{\"type\":\"text\",\"text\":" + BadInputs.quote(inputs.text())
                                                        + "}]"
                                                : BadInputs.quote(inputs.text());
                                    default -> BadInputs.quote(inputs.text());
                                })
                                + "]";
                    case "temperature", "top_p" -> "0.5";
                    case "max_tokens" -> "64";
                    case "stream" -> "false";
                    default -> inputs.value(0);
                });
    }

    /** A task, route or agent registration body: the known members with valid or hostile values. */
    private static String taskBody(BadInputs inputs) {
        return inputs.object(
                List.of(
                        "prompt",
                        "messages",
                        "model",
                        "agents",
                        "strategy",
                        "async",
                        "maxCostUsd",
                        "conversationId",
                        "name",
                        "team",
                        "description",
                        "keywords",
                        "costTier",
                        "avgLatencyMs"),
                field -> switch (field) {
                    case "messages" -> "[{\"role\":\"user\",\"content\":" + BadInputs.quote(inputs.text()) + "}]";
                    case "agents", "keywords" -> "[" + BadInputs.quote(inputs.text()) + "]";
                    case "async" -> "false";
                    case "costTier" -> "2";
                    case "avgLatencyMs", "maxCostUsd" -> "1";
                    case "strategy" -> "\"SINGLE\"";
                    default -> BadInputs.quote(inputs.text());
                });
    }

    @Test
    void aBadConversationIdIsA400Problem() {
        expectProblem(
                chat(CHAT).header("X-Conversation-Id", "../../etc").exchange(), 400, ProblemTypes.INVALID_REQUEST);
    }

    @Test
    void aBodyOverOneMebibyteIs413Problem() {
        String big = "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"" + "a".repeat(1_100_000)
                + "\"}]}";

        expectProblem(chat(big).exchange(), 413, ProblemTypes.PAYLOAD_TOO_LARGE);
        assertThat(router.getAllServeEvents()).isEmpty();
    }

    @Test
    void aBodyJustUnderTheLimitIsAccepted() {
        router.stubFor(post("/v1/tasks").willReturn(json(RESULT)));
        // ten context messages of the largest accepted size: past Spring's 256 KiB codec default
        String context = "{\"role\": \"assistant\", \"content\": \"" + "a".repeat(100_000) + "\"}, ";
        String large = "{\"model\": \"auto\", \"messages\": [" + context.repeat(10)
                + "{\"role\": \"user\", \"content\": \"hi\"}]}";
        assertThat(large.length()).isBetween(1_000_000, 1024 * 1024);

        chat(large).exchange().expectStatus().isOk();
    }

    @Test
    void aChunkedBodyOverTheLimitIs413ProblemOnceItPassesTheLimit() {
        DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
        byte[] slice = "a".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
        Flux<DataBuffer> body = Flux.concat(
                Flux.just(buffers.wrap("{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \""
                        .getBytes(StandardCharsets.UTF_8))),
                Flux.range(0, 20).map(i -> buffers.wrap(slice)),
                Flux.just(buffers.wrap("\"}]}".getBytes(StandardCharsets.UTF_8))));

        expectProblem(
                client.post()
                        .uri("/v1/chat/completions")
                        .header("X-API-Key", DEV_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(BodyInserters.fromDataBuffers(body))
                        .exchange(),
                413,
                ProblemTypes.PAYLOAD_TOO_LARGE);
        assertThat(router.getAllServeEvents()).isEmpty();
    }

    @Test
    void aBudgetProblemFromDownstreamPassesThroughWithItsStatusAndBody() {
        String problem = """
                {"type":"https://agentplatform.dev/problems/budget-exhausted","title":"Budget exhausted",
                 "status":402,"detail":"Daily budget of 20.00 USD is spent","requestId":"r-1"}""";
        router.stubFor(post("/v1/tasks")
                .willReturn(aResponse()
                        .withStatus(402)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody(problem)));

        chat(CHAT)
                .exchange()
                .expectStatus()
                .isEqualTo(402)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .json(problem);
        chat(CHAT.replace("\"model\": \"auto\"", "\"model\": \"auto\", \"stream\": true"))
                .exchange()
                .expectStatus()
                .isEqualTo(402)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .json(problem);
        client.post()
                .uri("/v1/tasks")
                .header("X-API-Key", DEV_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"prompt\": \"hi\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(402)
                .expectBody()
                .json(problem);
    }

    @Test
    void aRouterErrorThatIsNotAProblemBecomesA502Problem() {
        router.stubFor(post("/v1/tasks")
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "text/plain")
                        .withBody("boom")));

        expectProblem(chat(CHAT).exchange(), 502, ProblemTypes.UPSTREAM_FAILURE);
    }

    @Test
    void otherV1PathsGoToTheRouterAndUsageToTheCostService() {
        router.stubFor(post("/v1/tasks").willReturn(json(RESULT)));
        cost.stubFor(get("/v1/usage").willReturn(json("{\"userId\": \"dev\", \"spentTodayUsd\": 0.5}")));

        client.post()
                .uri("/v1/tasks")
                .header("Authorization", "Bearer " + DEV_KEY)
                .header("X-Request-Id", "req-native")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"prompt\": \"Write a SQL query\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.agent")
                .isEqualTo("sql");
        client.get()
                .uri("/v1/usage")
                .header("X-API-Key", DEV_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.spentTodayUsd")
                .isEqualTo(0.5);

        router.verify(postRequestedFor(urlEqualTo("/v1/tasks"))
                .andMatching(Credentials.actingFor("dev", "enterprise"))
                .withHeader("X-Request-Id", equalTo("req-native"))
                .withHeader("traceparent", matching(TRACEPARENT))
                .withHeader("Authorization", notContaining(DEV_KEY)));
        cost.verify(getRequestedFor(urlEqualTo("/v1/usage"))
                .andMatching(Credentials.actingFor("dev", "enterprise"))
                .withHeader("X-Request-Id", matching(".+")));
        assertThat(router.findAll(getRequestedFor(urlEqualTo("/v1/usage")))).isEmpty();
    }

    @Test
    void memoriesGoToMemoryServiceActingForTheKeysUser() {
        memory.stubFor(post("/v1/memories/search").willReturn(json("{\"results\": [], \"tookMs\": 1}")));
        memory.stubFor(get("/v1/memories/conv-26/D1:3").willReturn(json("{\"id\": \"conv-26/D1:3\"}")));

        client.post()
                .uri("/v1/memories/search")
                .header("Authorization", "Bearer " + DEV_KEY)
                .header("X-User-Id", "mallory")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\": \"parade\", \"userId\": \"mallory\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tookMs")
                .isEqualTo(1);
        client.get()
                .uri("/v1/memories/conv-26/D1:3")
                .header("Authorization", "Bearer " + DEV_KEY)
                .exchange()
                .expectStatus()
                .isOk();

        memory.verify(postRequestedFor(urlEqualTo("/v1/memories/search"))
                .andMatching(Credentials.actingFor("dev", "enterprise"))
                .withoutHeader("X-User-Id")
                .withHeader("Authorization", notContaining(DEV_KEY)));
        memory.verify(getRequestedFor(urlEqualTo("/v1/memories/conv-26/D1:3"))
                .andMatching(Credentials.actingFor("dev", "enterprise")));
        assertThat(router.findAll(postRequestedFor(urlEqualTo("/v1/memories/search"))))
                .isEmpty();
    }

    @Test
    void taskStateAndEventsGoToTheOrchestratorAndTheEventStreamPassesThrough() {
        orchestrator.stubFor(get("/v1/tasks/t-9").willReturn(json("{\"id\": \"t-9\", \"status\": \"PENDING\"}")));
        orchestrator.stubFor(get("/v1/tasks/t-9/events")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody("event: status\ndata: {\"status\":\"RUNNING\"}\n\n"
                                + "event: status\ndata: {\"status\":\"SUCCEEDED\"}\n\n")));

        client.get()
                .uri("/v1/tasks/t-9")
                .header("X-API-Key", DEV_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("PENDING");
        String events = client.get()
                .uri("/v1/tasks/t-9/events")
                .header("X-API-Key", DEV_KEY)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(events).contains("RUNNING").contains("SUCCEEDED");
        orchestrator.verify(getRequestedFor(urlEqualTo("/v1/tasks/t-9"))
                .andMatching(Credentials.actingFor("dev", "enterprise"))
                .withHeader("Authorization", notContaining(DEV_KEY)));
        assertThat(router.getAllServeEvents()).isEmpty();
    }

    @Test
    void chaosAndAgentRegistrationNeedTheAdminKeyWhileReadingAgentsNeedsAnyKey() {
        orchestrator.stubFor(com.github.tomakehurst.wiremock.client.WireMock.put("/admin/v1/chaos/agents/python")
                .willReturn(json("{\"failureRate\": 0.5, \"latencyMs\": 0}")));
        router.stubFor(post("/v1/agents").willReturn(json("{\"name\": \"go\"}").withStatus(201)));
        router.stubFor(get("/v1/agents").willReturn(json("[]")));
        String chaos = "{\"failureRate\": 0.5, \"latencyMs\": 0}";

        expectProblem(
                client.put()
                        .uri("/admin/v1/chaos/agents/python")
                        .header("X-API-Key", DEV_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(chaos)
                        .exchange(),
                403,
                ProblemTypes.FORBIDDEN);
        client.put()
                .uri("/admin/v1/chaos/agents/python")
                .header("X-API-Key", "test-admin-key-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(chaos)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.failureRate")
                .isEqualTo(0.5);
        expectProblem(
                client.post()
                        .uri("/v1/agents")
                        .header("X-API-Key", DEV_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"name\": \"go\"}")
                        .exchange(),
                403,
                ProblemTypes.FORBIDDEN);
        client.post()
                .uri("/v1/agents")
                .header("X-API-Key", "test-admin-key-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"go\"}")
                .exchange()
                .expectStatus()
                .isCreated();
        client.get()
                .uri("/v1/agents")
                .header("X-API-Key", DEV_KEY)
                .exchange()
                .expectStatus()
                .isOk();
        expectProblem(
                client.delete()
                        .uri("/v1/agents/go")
                        .header("X-API-Key", DEV_KEY)
                        .exchange(),
                403,
                ProblemTypes.FORBIDDEN);
        router.verify(1, postRequestedFor(urlEqualTo("/v1/agents")));
        orchestrator.verify(
                1,
                com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                        urlEqualTo("/admin/v1/chaos/agents/python")));
    }

    @Test
    void budgetsAndCostViewsReachCostServiceWithTheAdminKeyOnly() {
        cost.stubFor(com.github.tomakehurst.wiremock.client.WireMock.put("/admin/v1/budgets/user/u-1")
                .willReturn(json("{\"scope\": \"user\", \"id\": \"u-1\", \"dailyUsd\": 0.002}")));
        cost.stubFor(get(urlPathEqualTo("/admin/v1/costs")).willReturn(json("{\"groups\": []}")));
        String budget = "{\"dailyUsd\": 0.002}";

        expectProblem(
                client.put()
                        .uri("/admin/v1/budgets/user/u-1")
                        .header("X-API-Key", DEV_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(budget)
                        .exchange(),
                403,
                ProblemTypes.FORBIDDEN);
        expectProblem(
                client.get()
                        .uri("/admin/v1/costs?groupBy=agent")
                        .header("X-API-Key", DEV_KEY)
                        .exchange(),
                403,
                ProblemTypes.FORBIDDEN);
        client.put()
                .uri("/admin/v1/budgets/user/u-1")
                .header("X-API-Key", "test-admin-key-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(budget)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.dailyUsd")
                .isEqualTo(0.002);
        client.get()
                .uri("/admin/v1/costs?groupBy=agent")
                .header("X-API-Key", "test-admin-key-1")
                .exchange()
                .expectStatus()
                .isOk();
        cost.verify(
                1,
                com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                        urlEqualTo("/admin/v1/budgets/user/u-1")));
        cost.verify(1, getRequestedFor(urlPathEqualTo("/admin/v1/costs")));
    }

    @Test
    void modelsListAutoTheTeamsAndTheAgentsInTheOpenAiShape() {
        router.stubFor(get("/v1/agents").willReturn(json("""
                [{"name":"python","team":"code","description":"d","keywords":["python"],"costTier":2,"avgLatencyMs":1},
                 {"name":"rust","team":"code","description":"d","keywords":["rust"],"costTier":3,"avgLatencyMs":1},
                 {"name":"sql","team":"data","description":"d","keywords":["sql"],"costTier":2,"avgLatencyMs":1}]""")));

        client.get()
                .uri("/v1/models")
                .header("X-API-Key", DEV_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.object")
                .isEqualTo("list")
                .jsonPath("$.data[*].id")
                .isEqualTo(List.of("auto", "code", "data", "python", "rust", "sql"))
                .jsonPath("$.data[0].object")
                .isEqualTo("model")
                .jsonPath("$.data[0].owned_by")
                .isEqualTo("agent-platform")
                .jsonPath("$.data[0].created")
                .isNumber();
    }

    @Test
    void actuatorNeedsNoKeyAndClosesTheConnectionAfterEachAnswer() {
        client.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Connection", "close");
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    void theAdminApiTakesOnlyTheAdminKey() {
        expectProblem(client.get().uri("/admin/v1/keys").exchange(), 401, ProblemTypes.UNAUTHORIZED);
        expectProblem(
                client.get().uri("/admin/v1/keys").header("X-API-Key", DEV_KEY).exchange(),
                403,
                ProblemTypes.FORBIDDEN);
        // authenticated, but there is no such admin endpoint
        expectProblem(
                client.get()
                        .uri("/admin/v1/nothing")
                        .header("Authorization", "Bearer test-admin-key-1")
                        .exchange(),
                404,
                ProblemTypes.NOT_FOUND);
    }

    @Test
    void pathsThatOnlyResembleActuatorStillNeedAKey() {
        // a dot segment is refused before any decision is taken on the path
        expectProblem(client.get().uri("/actuator/../v1/agents").exchange(), 400, ProblemTypes.INVALID_REQUEST);
        client.get().uri("/actuatorx").exchange().expectStatus().isUnauthorized();
        assertThat(router.getAllServeEvents()).isEmpty();
    }

    @Test
    void anUnknownPathIsA404Problem() {
        expectProblem(
                client.get().uri("/nowhere").header("X-API-Key", DEV_KEY).exchange(), 404, ProblemTypes.NOT_FOUND);
    }

    /**
     * A client that opens a connection per request, so no test inherits another's connection state:
     * Reactor Netty 1.3.6 can stall a reused keep-alive connection (see the gateway's
     * ActuatorConnectionCloseFilter), and early answers (401, 413) leave unread bodies behind.
     */
    static WebTestClient client(int port) {
        return WebTestClient.bindToServer(
                        new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private WebTestClient.RequestHeadersSpec<?> chat(String body) {
        return client.post()
                .uri("/v1/chat/completions")
                .header("Authorization", "Bearer " + DEV_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    /** The {@code data:} payloads of an event stream, in order. */
    static List<String> frames(byte[] body) {
        List<String> frames = new ArrayList<>();
        for (String event : new String(body, StandardCharsets.UTF_8).split("\n\n")) {
            if (!event.isBlank()) {
                assertThat(event).startsWith("data: ");
                frames.add(event.substring("data: ".length()));
            }
        }
        return frames;
    }

    static WebTestClient.BodyContentSpec expectProblem(
            WebTestClient.ResponseSpec response, int status, java.net.URI type) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(type.toString())
                .jsonPath("$.status")
                .isEqualTo(status);
    }
}
