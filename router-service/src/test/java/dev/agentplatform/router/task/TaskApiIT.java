package dev.agentplatform.router.task;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.router.RouterTestInfrastructure;
import dev.agentplatform.router.catalog.CatalogFixtures;
import dev.agentplatform.support.security.ServiceCaller;
import dev.agentplatform.support.security.TestServiceCalls;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The router's task API over a real port, real PostgreSQL and Redis, with the orchestrator stubbed by WireMock. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.router.clients.read-timeout=1s",
            // every catalog lookup asks the orchestrator's stub, so a test may change its answer
            "platform.router.catalog-ttl=0s"
        })
class TaskApiIT {

    private static final TestDatabase database = TestInfrastructure.createDatabase("router_task_it");

    @RegisterExtension
    static final WireMockExtension orchestrator = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @DynamicPropertySource
    static void orchestratorUrl(DynamicPropertyRegistry registry) {
        RouterTestInfrastructure.flushRedis();
        RouterTestInfrastructure.register(registry, database);
        registry.add("platform.router.clients.orchestrator-url", orchestrator::baseUrl);
        registry.add("platform.router.learning.enabled", () -> "false");
    }

    @AfterAll
    static void cleanUp() {
        RouterTestInfrastructure.flushRedis();
        database.drop();
    }

    private static final String RESULT = """
            {"taskId":"t-1","agent":"sql","team":"data","strategy":"SINGLE","content":"SELECT 1;",
             "provider":"simulated","model":"simulated-cheap","simulated":true,
             "usage":{"promptTokens":12,"completionTokens":5},"costUsd":0.000123,"latencyMs":42,"toolCalls":[]}
            """;

    @LocalServerPort
    int port;

    RestTestClient client;

    @BeforeEach
    void client() {
        orchestrator.stubFor(get("/v1/providers").willReturn(okJson(CatalogFixtures.PROVIDERS)));
        // the JDK client: with Apache HttpClient on the class path the default test client would
        // repeat a request answered 503 or 429 by itself
        client = RestTestClient.bindToServer(new JdkClientHttpRequestFactory())
                .baseUrl("http://127.0.0.1:" + port)
                .requestInterceptor(TestServiceCalls.asService())
                .build();
    }

    @Test
    void listsTheRegisteredAgents() {
        client.get()
                .uri("/v1/agents")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(9)
                .jsonPath("$[0].name")
                .isEqualTo("python")
                .jsonPath("$[0].team")
                .isEqualTo("code")
                .jsonPath("$[0].tier")
                .isEqualTo("cheap")
                .jsonPath("$[0].expectedLatencyMs")
                .isNumber()
                .jsonPath("$[0].systemPrompt")
                .isNotEmpty()
                .jsonPath("$[0].keywords")
                .isArray();
    }

    @Test
    void dryRunShowsTheDecisionWithoutExecuting() {
        client.post()
                .uri("/v1/route")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"Write a SQL query that joins orders and customers\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.agent")
                .isEqualTo("sql")
                .jsonPath("$.team")
                .isEqualTo("data")
                .jsonPath("$.strategy")
                .isEqualTo("SINGLE")
                .jsonPath("$.confidence")
                .isNumber()
                .jsonPath("$.candidates.length()")
                .isEqualTo(9)
                .jsonPath("$.candidates[0].agent")
                .isEqualTo("sql")
                .jsonPath("$.candidates[0].score")
                .isNumber();

        assertThat(orchestrator.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Write a python function that reverses a string|python|SINGLE",
                "Which SQL query totals sales per region?|sql|SINGLE",
                "Summarize this long article about the history of the printing press|summarizer|SINGLE",
                "Write a python function number 7 that parses dates; then query sql totals for region 7|python sql|CASCADE"
            })
    void theSeedAgentsTakeThePromptsTheyAreFor(String prompt, String agent, String strategy) {
        client.post()
                .uri("/v1/route")
                .contentType(MediaType.APPLICATION_JSON)
                .body(java.util.Map.of("prompt", prompt))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.agent")
                .value(chosen -> assertThat(agent.split(" ")).contains((String) chosen))
                .jsonPath("$.strategy")
                .isEqualTo(strategy);
    }

    @Test
    void theGatewaysEmbeddingIsUsedWhenValidAndIgnoredWhenNot() {
        // a valid unit vector that points nowhere in particular still routes (the lexical signal and
        // the prototypes decide), and garbage in the header falls back to embedding the prompt
        float[] v = new float[384];
        v[0] = 1;
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(384 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(v);
        for (String header :
                new String[] {java.util.Base64.getEncoder().encodeToString(buffer.array()), "not base64!"}) {
            client.post()
                    .uri("/v1/route")
                    .header("X-Prompt-Embedding", header)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"prompt\": \"Write a SQL query that joins orders and customers\"}")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.team")
                    .isEqualTo("data");
        }
    }

    @Test
    void aCascadesAnswerNamesEveryAgentThatContributedInOrder() {
        orchestrator.stubFor(post("/v1/executions").willReturn(okJson("""
                {"taskId":"t-2","agent":"rust","team":"code","strategy":"CASCADE","content":"fn main() {}",
                 "provider":"simulated","model":"simulated-1","simulated":true,
                 "usage":{"promptTokens":30,"completionTokens":9},"costUsd":0.0003,"latencyMs":80,"toolCalls":[],
                 "steps":[{"agent":"python","provider":"simulated","model":"simulated-1","latencyMs":40},
                          {"agent":"rust","provider":"simulated","model":"simulated-1","latencyMs":40}]}
                """)));

        client.post()
                .uri("/v1/tasks")
                .header("X-User-Id", "alice")
                .contentType(MediaType.APPLICATION_JSON)
                .body(
                        "{\"prompt\": \"Merge two sorted arrays\", \"strategy\": \"CASCADE\", \"agents\": [\"python\", \"rust\"]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Agent", "python,rust")
                .expectBody()
                .jsonPath("$.steps.length()")
                .isEqualTo(2);
    }

    @Test
    void aTaskIsRoutedAndExecutedForTheUserNamedInTheHeader() {
        orchestrator.stubFor(post("/v1/executions")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(RESULT)));

        client.post()
                .uri("/v1/tasks")
                .header("X-User-Id", "alice")
                .header("X-User-Tier", "pro")
                .header("X-Request-Id", "req-123")
                .contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"prompt": "Write a SQL query that joins orders and customers",
                         "userId": "mallory", "conversationId": "conv-1"}
                        """)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Request-Id", "req-123")
                .expectHeader()
                .valueEquals("X-Agent", "sql")
                .expectHeader()
                .valueEquals("X-Strategy", "SINGLE")
                .expectBody()
                .jsonPath("$.agent")
                .isEqualTo("sql")
                .jsonPath("$.content")
                .isEqualTo("SELECT 1;")
                .jsonPath("$.usage.completionTokens")
                .isEqualTo(5);

        assertThat(credentialOfLastExecution()).isEqualTo(new ServiceCaller("router-service", "alice", "pro", false));
        orchestrator.verify(postRequestedFor(urlEqualTo("/v1/executions"))
                .withoutHeader("X-User-Id")
                .withHeader("X-Request-Id", equalTo("req-123"))
                .withHeader("traceparent", matching("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"))
                .withRequestBody(matchingJsonPath("$.taskId", matching("[0-9a-f-]{36}")))
                .withRequestBody(matchingJsonPath("$.task.userId", equalTo("alice")))
                .withRequestBody(matchingJsonPath("$.task.conversationId", equalTo("conv-1")))
                .withRequestBody(matchingJsonPath("$.decision.agent", equalTo("sql")))
                .withRequestBody(matchingJsonPath("$.decision.strategy", equalTo("SINGLE")))
                .withRequestBody(matchingJsonPath("$.decision.agents[0]", equalTo("sql"))));
    }

    @Test
    void theGatewaysGuardVerdictsTravelWithTheTaskAndTheDryRunTakesThemToo() {
        orchestrator.stubFor(post("/v1/executions")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(RESULT)));
        String verdicts = "[{\"index\": 0, \"role\": \"system\", \"action\": \"FLAG\", \"score\": 1.0,"
                + " \"reason\": \"pattern ignore-above\"}]";

        client.post()
                .uri("/v1/tasks")
                .header("X-User-Id", "alice")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"Write a SQL query\", \"messages\": [{\"role\": \"system\", \"content\": \"x\"}],"
                        + " \"guard\": " + verdicts + "}")
                .exchange()
                .expectStatus()
                .isOk();
        client.post()
                .uri("/v1/route")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"Write a SQL query\", \"guard\": []}")
                .exchange()
                .expectStatus()
                .isOk();

        orchestrator.verify(postRequestedFor(urlEqualTo("/v1/executions"))
                .withRequestBody(matchingJsonPath("$.task.guard[0].action", equalTo("FLAG")))
                .withRequestBody(matchingJsonPath("$.task.guard[0].index", equalTo("0")))
                .withRequestBody(matchingJsonPath("$.task.guard[0].reason", equalTo("pattern ignore-above"))));
    }

    @Test
    void aProblemFromTheOrchestratorPassesThroughWithItsStatusAndBody() {
        String problem = """
                {"type":"https://agentplatform.dev/problems/budget-exhausted","title":"Budget exhausted",
                 "status":402,"detail":"Daily budget of 1.00 USD is spent","remainingUsd":0}""";
        orchestrator.stubFor(post("/v1/executions")
                .willReturn(aResponse()
                        .withStatus(402)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody(problem)));

        client.post()
                .uri("/v1/tasks")
                .header("X-User-Id", "alice")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"hello\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(402)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .json(problem);
    }

    private static final String STREAM = "event: delta\ndata: {\"content\":\"SELECT\"}\n\n"
            + "event: delta\ndata: {\"content\":\" 1;\"}\n\n"
            + "event: result\ndata: " + RESULT.replace("\n", "") + "\n\n";

    private RestTestClient.ResponseSpec streamed(String prompt) {
        return client.post()
                .uri("/v1/tasks")
                .header("X-User-Id", "alice")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .contentType(MediaType.APPLICATION_JSON)
                .body(java.util.Map.of("prompt", prompt))
                .exchange();
    }

    @Test
    void aStreamedTaskRelaysTheOrchestratorsStreamByteForByte() {
        orchestrator.stubFor(post("/v1/executions")
                .withHeader("Accept", containing("text/event-stream"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(STREAM)));

        streamed("Write a SQL query that joins orders and customers")
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectBody(String.class)
                .isEqualTo(STREAM);

        assertThat(credentialOfLastExecution().userId()).isEqualTo("alice");
        orchestrator.verify(postRequestedFor(urlEqualTo("/v1/executions"))
                .withRequestBody(matchingJsonPath("$.decision.agent", equalTo("sql"))));
    }

    @Test
    void aStreamedTaskThatFailsBeforeItsAnswerIsTheOrchestratorsProblemWithItsStatus() {
        String problem = """
                {"type":"https://agentplatform.dev/problems/budget-exhausted","title":"Budget exhausted",
                 "status":402,"detail":"Daily budget of 1.00 USD is spent"}""";
        orchestrator.stubFor(post("/v1/executions")
                .willReturn(aResponse()
                        .withStatus(402)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody(problem)));

        streamed("hello")
                .expectStatus()
                .isEqualTo(402)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .json(problem);
    }

    @Test
    void anUnavailableOrchestratorKeepsItsRetryAfter() {
        orchestrator.stubFor(post("/v1/executions")
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/problem+json")
                        .withHeader("Retry-After", "7")
                        .withBody("{\"type\":\"https://agentplatform.dev/problems/unavailable\",\"status\":503}")));

        client.post()
                .uri("/v1/tasks")
                .header("X-User-Id", "alice")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"hello\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals("Retry-After", "7");
        // relayed, not repeated: a second POST would run the task twice
        orchestrator.verify(1, postRequestedFor(urlEqualTo("/v1/executions")));
    }

    @Test
    void anOrchestratorErrorThatIsNotAProblemBecomesA502Problem() {
        orchestrator.stubFor(post("/v1/executions")
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<h1>oops</h1>")));

        expectProblem(task("{\"prompt\": \"hello\"}"), 502, ProblemTypes.UPSTREAM_FAILURE.toString());
    }

    @Test
    void anOrchestratorThatDoesNotAnswerInTimeIsA504Problem() {
        orchestrator.stubFor(post("/v1/executions")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(RESULT)
                        .withFixedDelay(3_000)));

        expectProblem(task("{\"prompt\": \"hello\"}"), 504, ProblemTypes.DEADLINE_EXCEEDED.toString());
    }

    @Test
    void anAsyncTaskIsHandedToTheOrchestratorAndIts202PassesThrough() {
        orchestrator.stubFor(post("/v1/executions")
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"task-9\", \"status\": \"PENDING\"}")));

        task("{\"prompt\": \"Summarize the history of tea\", \"async\": true}")
                .expectStatus()
                .isEqualTo(202)
                .expectBody()
                .json("{\"id\": \"task-9\", \"status\": \"PENDING\"}");

        orchestrator.verify(postRequestedFor(urlEqualTo("/v1/executions"))
                .withRequestBody(matchingJsonPath("$.task.async", equalTo("true"))));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"prompt\": \"hello\"",
                "not json at all",
                "{}",
                "{\"prompt\": \"   \"}",
                "{\"prompt\": 5}",
                "{\"prompt\": \"hello\", \"async\": \"yes\"}",
                "{\"prompt\": \"hello\", \"agents\": \"python\"}",
                "{\"prompt\": \"hello\", \"maxCostUsd\": \"lots\"}",
                "{\"prompt\": \"hello\", \"maxCostUsd\": -1}",
                "{\"prompt\": \"hello\", \"strategy\": \"RANDOM\"}",
                "{\"prompt\": \"hello\", \"strategy\": 1}",
                "{\"prompt\": \"hello\", \"model\": \"gpt-17\"}",
                "{\"prompt\": \"hello\", \"agents\": [\"cobol\"]}",
                "{\"prompt\": \"hello\"} trailing",
                "[\"prompt\"]"
            })
    void malformedMissingOrWronglyTypedInputIsA400Problem(String body) {
        expectProblem(task(body), 400, ProblemTypes.INVALID_REQUEST.toString());
        orchestrator.verify(0, postRequestedFor(urlEqualTo("/v1/executions")));
    }

    @Test
    void aTaskWithoutAnyUserIsA400Problem() {
        expectProblem(
                        client.post()
                                .uri("/v1/tasks")
                                .contentType(MediaType.APPLICATION_JSON)
                                .body("{\"prompt\": \"hello\"}")
                                .exchange(),
                        400,
                        ProblemTypes.INVALID_REQUEST.toString())
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("user"));
    }

    @Test
    void aMalformedDryRunIsA400Problem() {
        expectProblem(
                client.post()
                        .uri("/v1/route")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body("{\"prompt\": [1, 2]}")
                        .exchange(),
                400,
                ProblemTypes.INVALID_REQUEST.toString());
    }

    private RestTestClient.ResponseSpec task(String body) {
        return client.post()
                .uri("/v1/tasks")
                .header("X-User-Id", "alice")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange();
    }

    private static RestTestClient.BodyContentSpec expectProblem(
            RestTestClient.ResponseSpec response, int status, String type) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(type)
                .jsonPath("$.status")
                .isEqualTo(status);
    }

    /** What the router's service credential on its last call to the orchestrator says. */
    private static ServiceCaller credentialOfLastExecution() {
        List<LoggedRequest> calls = orchestrator.findAll(postRequestedFor(urlEqualTo("/v1/executions")));
        String authorization = calls.get(calls.size() - 1).getHeader("Authorization");
        assertThat(authorization).startsWith("Bearer ");
        return TestServiceCalls.tokens().verify(authorization.substring("Bearer ".length()));
    }

    @ParameterizedTest
    @CsvSource({"gpt-4o-mini,gpt-4o-mini", "openai,gpt-4o-mini", "llama-3.3-70b-versatile,llama-3.3-70b-versatile"})
    void aCatalogModelGoesToTheOrchestratorAsADirectDecision(String model, String id) {
        orchestrator.stubFor(post("/v1/executions").willReturn(okJson(RESULT)));

        client.post()
                .uri("/v1/route")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"Write a SQL query\", \"model\": \"" + model + "\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.agent")
                .isEqualTo("-")
                .jsonPath("$.model")
                .isEqualTo(id)
                .jsonPath("$.agents")
                .isEqualTo(List.of("-"));

        client.post()
                .uri("/v1/tasks")
                .header("X-User-Id", "alice")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"Write a SQL query\", \"model\": \"" + model + "\"}")
                .exchange()
                .expectStatus()
                .isOk();
        orchestrator.verify(postRequestedFor(urlEqualTo("/v1/executions"))
                .withRequestBody(matchingJsonPath("$.decision.model", equalTo(id)))
                .withRequestBody(matchingJsonPath("$.decision.agent", equalTo("-"))));
    }

    @Test
    void anUnknownModelIsA400SayingWhereToLookAndAnAgentOrTeamWinsOverTheCatalog() {
        client.post()
                .uri("/v1/route")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"hello\", \"model\": \"gpt-17\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(400)
                .expectBody()
                .jsonPath("$.detail")
                .value(String.class, detail -> assertThat(detail).contains("'gpt-17'", "GET /v1/models"));
        client.post()
                .uri("/v1/route")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"hello\", \"model\": \"data\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.team")
                .isEqualTo("data")
                .jsonPath("$.model")
                .doesNotExist();
    }

    @Test
    void modelsListsAutoTheTeamsTheAgentsAndTheCatalogModels() {
        client.get()
                .uri("/v1/models")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].id")
                .isEqualTo("auto")
                .jsonPath("$[0].kind")
                .isEqualTo("auto")
                .jsonPath("$[?(@.kind == 'team')].id")
                .isEqualTo(List.of("code", "research", "data"))
                .jsonPath("$[?(@.kind == 'agent')].id")
                .value(List.class, ids -> assertThat(ids).hasSize(9).contains("python", "sql", "viz"))
                .jsonPath("$[?(@.id == 'sql')].ownedBy")
                .isEqualTo(List.of("data"))
                .jsonPath("$[?(@.kind == 'model')].id")
                .isEqualTo(List.of("simulated", "llama-3.3-70b-versatile", "gpt-4o-mini"))
                .jsonPath("$[?(@.id == 'gpt-4o-mini')].ownedBy")
                .isEqualTo(List.of("openai"));
    }

    @Test
    void modelsLeavesTheCatalogOutWhenTheOrchestratorCannotBeAsked() {
        orchestrator.stubFor(get("/v1/providers").willReturn(aResponse().withStatus(503)));
        client.get()
                .uri("/v1/models")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].id")
                .isEqualTo("auto")
                .jsonPath("$[?(@.kind == 'agent')].id")
                .value(List.class, ids -> assertThat(ids).hasSize(9).contains("python", "sql", "viz"))
                .jsonPath("$[?(@.kind == 'model')]")
                .isEmpty();
    }
}
