package dev.agentplatform.orchestrator.execution;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.orchestrator.Executions;
import dev.agentplatform.orchestrator.Neighbours;
import dev.agentplatform.orchestrator.RecordingExecutionEvents;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Expensive to cheap: an agent whose chain is a premium model ($15/$75 per million tokens) then a
 * cheap one ($0.10), both simulated, meets a budget with $0.01 left (cost-service stubbed): the
 * premium model's worst case does not fit, the cheap one's does.
 */
@Import(RecordingExecutionEvents.Replacing.class)
@TestPropertySource(locations = "classpath:execution/two-tier-models.properties")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.orchestrator.clients.budget-cache-ttl=0",
            "platform.orchestrator.tasks.consumer-enabled=false",
            "platform.orchestrator.chaos.refresh=1h",
            "platform.orchestrator.simulated.latency-ms=0",
        })
class BudgetDowngradeApiTest {

    private static final Neighbours neighbours = new Neighbours("{\"name\":\"writer\",\"team\":\"docs\","
            + "\"description\":\"Writes.\",\"systemPrompt\":\"You write crisp prose.\",\"tier\":\"premium\","
            + "\"provider\":\"sim-premium\",\"fallbackProviders\":[\"sim-cheap\"]}");

    @DynamicPropertySource
    static void neighbours(DynamicPropertyRegistry registry) {
        neighbours.register(registry);
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

    RestTestClient http;

    @BeforeEach
    void setUp() {
        neighbours.reset();
        events.clear();
        http = Executions.client(port);
        budgetLeft("0.01");
    }

    /**
     * Cost-service refuses every hold above {@code left} dollars, as a user budget with that much
     * left (in place of what it was told before).
     */
    private static void budgetLeft(String left) {
        neighbours.reset();
        neighbours
                .server()
                .stubFor(post(urlPathEqualTo("/v1/reservations"))
                        .withRequestBody(matchingJsonPath("$[?(@.amountUsd > " + left + ")]"))
                        .willReturn(aResponse()
                                .withStatus(402)
                                .withHeader("Content-Type", "application/problem+json")
                                .withHeader("Retry-After", "3600")
                                .withBody("{\"type\":\"" + ProblemTypes.BUDGET_EXHAUSTED + "\",\"status\":402,"
                                        + "\"title\":\"Budget exhausted\",\"detail\":\"The daily budget of user"
                                        + " alice has no room\",\"scope\":\"user\",\"scopeId\":\"alice\","
                                        + "\"period\":\"day\",\"limitUsd\":1.00,\"spentUsd\":" + spent(left)
                                        + ",\"reservedUsd\":0,\"resetsAt\":\"2030-01-01T00:00:00Z\"}")));
    }

    private static String spent(String left) {
        return new java.math.BigDecimal("1.00")
                .subtract(new java.math.BigDecimal(left))
                .toPlainString();
    }

    private RestTestClient.ResponseSpec send(String policy) {
        return send(policy, MediaType.APPLICATION_JSON);
    }

    private RestTestClient.ResponseSpec send(String policy, MediaType answer) {
        return http.post()
                .uri("/v1/executions")
                .contentType(MediaType.APPLICATION_JSON)
                .accept(answer)
                .headers(headers -> {
                    headers.set("X-User-Id", "alice");
                    headers.set("X-User-Tier", "pro");
                    if (policy != null) {
                        headers.set("X-Cost-Policy", policy);
                    }
                })
                .body(Executions.request("t-" + System.nanoTime(), "Write a haiku about budgets", "SINGLE", "writer"))
                .exchange();
    }

    @Test
    void aBudgetTooSmallForThePremiumModelIsAnsweredByTheCheaperOneOfTheChainAndSaysSo() {
        TaskResult result = send(null)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Cost-Downgraded", "opus-like->mini-like")
                .expectBody(TaskResult.class)
                .returnResult()
                .getResponseBody();

        assertThat(result.model()).isEqualTo("mini-like");
        assertThat(result.provider()).isEqualTo("sim-cheap");
        assertThat(result.costDowngraded()).isEqualTo("opus-like->mini-like");
        // asked twice: the premium worst case (refused), then the cheap one's (held)
        neighbours.server().verify(2, postRequestedFor(urlPathEqualTo("/v1/reservations")));
        assertThat(events.usage()).extracting(UsageRecorded::provider).containsOnly("sim-cheap");
        assertThat(events.usage().get(events.usage().size() - 1).settlesHold()).isTrue();
    }

    @Test
    void aStreamedAnswerTheBudgetMovedToTheCheaperModelSaysSoInItsFirstPiece() {
        JsonNode first = firstStreamedPiece();

        assertThat(first.get("agent").asString()).isEqualTo("writer");
        assertThat(first.get("costDowngraded").asString()).isEqualTo("opus-like->mini-like");
        assertThat(events.usage()).extracting(UsageRecorded::provider).containsOnly("sim-cheap");
    }

    @Test
    void aStreamedAnswerOfTheAgentsOwnModelNamesNoDowngrade() {
        budgetLeft("0.90");

        JsonNode first = firstStreamedPiece();

        assertThat(first.get("agent").asString()).isEqualTo("writer");
        assertThat(first.has("costDowngraded")).isFalse();
    }

    /** The data of the first {@code delta} event of an answer streamed piece by piece. */
    private JsonNode firstStreamedPiece() {
        String body = new String(
                send(null, MediaType.TEXT_EVENT_STREAM)
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);
        // streamed piece by piece, as the provider answered
        assertThat(body.split("event: delta", -1)).hasSizeGreaterThan(2);
        int delta = body.indexOf("event: delta");
        assertThat(delta).as("a delta event in %s", body).isNotNegative();
        int data = body.indexOf("data:", delta) + "data:".length();
        return json.readTree(body.substring(data, body.indexOf('\n', data)).strip());
    }

    @Test
    void aBudgetThatHoldsThePremiumModelIsNotDowngraded() {
        budgetLeft("0.90");

        TaskResult result = send(null)
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist("X-Cost-Downgraded")
                .expectBody(TaskResult.class)
                .returnResult()
                .getResponseBody();

        assertThat(result.provider()).isEqualTo("sim-premium");
        assertThat(result.costDowngraded()).isNull();
    }

    @Test
    void theStrictPolicyRefusesInsteadOfDowngrading() {
        byte[] raw = send("strict")
                .expectStatus()
                .isEqualTo(HttpStatus.PAYMENT_REQUIRED)
                .expectBody()
                .returnResult()
                .getResponseBody();

        JsonNode problem = json.readTree(raw);
        assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.BUDGET_EXHAUSTED.toString());
        assertThat(problem.get("scope").asString()).isEqualTo("user");
        neighbours.server().verify(1, postRequestedFor(urlPathEqualTo("/v1/reservations")));
        assertThat(events.usage()).isEmpty();
    }

    @Test
    void aBudgetTooSmallEvenForTheCheapestModelIsRefused() {
        budgetLeft("0.00001");

        send(null).expectStatus().isEqualTo(HttpStatus.PAYMENT_REQUIRED);

        assertThat(events.usage()).isEmpty();
    }
}
