package dev.agentplatform.orchestrator.execution;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.orchestrator.Executions;
import dev.agentplatform.orchestrator.Neighbours;
import dev.agentplatform.orchestrator.RecordingExecutionEvents;
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
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hold refused only for what other requests hold (the budget's spend leaves room for this one)
 * waits for those holds to settle instead of answering 402 at once; a budget whose spend alone has
 * no room is refused at once (cost-service stubbed).
 */
@Import(RecordingExecutionEvents.Replacing.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.orchestrator.clients.budget-cache-ttl=0",
            "platform.orchestrator.tasks.consumer-enabled=false",
            "platform.orchestrator.chaos.refresh=1h",
            "platform.orchestrator.simulated.latency-ms=0",
            // every request holds its own worst case here, as with a budget too small for a lease
            "platform.orchestrator.budget-leases.enabled=false",
            "platform.orchestrator.execution.budget-hold-wait=1s"
        })
class BudgetHoldWaitApiTest {

    private static final Neighbours neighbours = new Neighbours();

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
    JsonMapper json;

    RestTestClient http;

    @BeforeEach
    void setUp() {
        neighbours.reset();
        http = Executions.client(port);
    }

    /** cost-service's 402 for a user budget of $0.01 with {@code spent} spent and {@code reserved} held. */
    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder refused(
            String spent, String reserved) {
        return aResponse()
                .withStatus(402)
                .withHeader("Content-Type", "application/problem+json")
                .withHeader("Retry-After", "3600")
                .withBody("{\"type\":\"" + ProblemTypes.BUDGET_EXHAUSTED + "\",\"status\":402,"
                        + "\"title\":\"Budget exhausted\",\"detail\":\"The daily budget of user alice has no room"
                        + " for this request; it resets at 2030-01-01T00:00:00Z\",\"scope\":\"user\","
                        + "\"scopeId\":\"alice\",\"period\":\"day\",\"limitUsd\":0.01,\"spentUsd\":" + spent
                        + ",\"reservedUsd\":" + reserved + ",\"requestedUsd\":0.002,"
                        + "\"resetsAt\":\"2030-01-01T00:00:00Z\"}");
    }

    private RestTestClient.ResponseSpec send() {
        return http.post()
                .uri("/v1/executions")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    headers.set("X-User-Id", "alice");
                    headers.set("X-User-Tier", "pro");
                    // no cheaper model either: the refusal is the answer
                    headers.set("X-Cost-Policy", "strict");
                })
                .body(Executions.request("t-" + System.nanoTime(), "Write a haiku about budgets", "SINGLE", "python"))
                .exchange();
    }

    @Test
    void aHoldRefusedForWhatOthersHoldWaitsForThemAndIsAnswered() {
        // the first ask meets $0.008 held by other requests; by the second they have settled
        neighbours
                .server()
                .stubFor(post(urlPathEqualTo("/v1/reservations"))
                        .inScenario("holds settle")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(refused("0.001", "0.008"))
                        .willSetStateTo("settled"));

        send().expectStatus().isOk();

        neighbours.server().verify(2, postRequestedFor(urlPathEqualTo("/v1/reservations")));
    }

    @Test
    void aBudgetWhoseSpendLeavesNoRoomIsRefusedAtOnce() {
        neighbours.server().stubFor(post(urlPathEqualTo("/v1/reservations")).willReturn(refused("0.0095", "0.0004")));

        send().expectStatus()
                .isEqualTo(HttpStatus.PAYMENT_REQUIRED)
                .expectHeader()
                .valueEquals("Retry-After", "3600");

        neighbours.server().verify(1, postRequestedFor(urlPathEqualTo("/v1/reservations")));
    }

    @Test
    void holdsThatDoNotSettleInTimeAreRefusedWithAShortRetryAfter() {
        neighbours.server().stubFor(post(urlPathEqualTo("/v1/reservations")).willReturn(refused("0.001", "0.008")));

        byte[] raw = send().expectStatus()
                .isEqualTo(HttpStatus.PAYMENT_REQUIRED)
                .expectHeader()
                .valueEquals("Retry-After", "1")
                .expectBody()
                .returnResult()
                .getResponseBody();

        JsonNode problem = json.readTree(raw);
        assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.BUDGET_EXHAUSTED.toString());
        assertThat(problem.get("detail").asString()).contains("held by requests still running");
        assertThat(problem.get("scope").asString()).isEqualTo("user");
        // asked again while waiting (20, 40, 80, 160, 200, 200 ms ... within the second)
        assertThat(neighbours.server().findAll(postRequestedFor(urlPathEqualTo("/v1/reservations"))))
                .hasSizeGreaterThan(2);
    }
}
