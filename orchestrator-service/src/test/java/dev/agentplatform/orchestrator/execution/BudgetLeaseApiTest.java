package dev.agentplatform.orchestrator.execution;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.TaskResult;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.orchestrator.Executions;
import dev.agentplatform.orchestrator.Neighbours;
import dev.agentplatform.orchestrator.RecordingExecutionEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Budget leases through the API (cost-service stubbed): a user's requests draw from one lease, their
 * usage events name it and settle nothing, and the idle lease is closed with what those events cost.
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
            "platform.orchestrator.budget-leases.enabled=true",
            "platform.orchestrator.budget-leases.idle-close=1h"
        })
class BudgetLeaseApiTest {

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
    RecordingExecutionEvents events;

    @Autowired
    BudgetLeases leases;

    @Autowired
    MeterRegistry meters;

    RestTestClient http;

    @BeforeEach
    void setUp() {
        neighbours.reset();
        events.clear();
        http = Executions.client(port);
    }

    private TaskResult answer(String user) {
        return http.post()
                .uri("/v1/executions")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    headers.set("X-User-Id", user);
                    headers.set("X-User-Tier", "pro");
                })
                .body(Executions.request("t-" + System.nanoTime(), "hello", "SINGLE", "python"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(TaskResult.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void aUsersRequestsDrawFromOneLeaseWhoseEventsSettleNothingAndTheCloseAwaitsTheirCost() {
        double local =
                meters.counter("orchestrator.budget.holds", "source", "lease").count();
        BigDecimal cost = BigDecimal.ZERO;
        for (int i = 0; i < 3; i++) {
            cost = cost.add(answer("lena").costUsd());
        }

        // one reservation for three requests, asked as a lease
        neighbours.server().verify(exactly(1), postRequestedFor(urlPathEqualTo("/v1/reservations")));
        neighbours
                .server()
                .verify(postRequestedFor(urlPathEqualTo("/v1/reservations"))
                        .withRequestBody(matchingJsonPath("$.userId", equalTo("lena")))
                        .withRequestBody(matchingJsonPath("$[?(@.leaseSeconds == 600)]")));
        assertThat(meters.counter("orchestrator.budget.holds", "source", "lease")
                                .count()
                        - local)
                .isEqualTo(2);
        List<UsageRecorded> usage = events.usage();
        assertThat(usage).isNotEmpty();
        assertThat(usage).extracting(UsageRecorded::reservationId).containsOnly(Neighbours.RESERVATION);
        assertThat(usage).noneMatch(UsageRecorded::settlesHold);
        neighbours.server().verify(exactly(0), deleteRequestedFor(urlPathMatching("/v1/reservations/.+")));

        // shutdown closes it, awaiting what its events cost
        leases.destroy();
        neighbours
                .server()
                .verify(deleteRequestedFor(urlPathEqualTo("/v1/reservations/" + Neighbours.RESERVATION))
                        .withQueryParam(
                                "awaitingUsd", equalTo(cost.stripTrailingZeros().toPlainString())));
        assertThat(leases.openLeases()).isZero();
    }
}
