package dev.agentplatform.router.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.Streams;
import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.router.RouterTestInfrastructure;
import dev.agentplatform.router.history.RoutingHistory;
import dev.agentplatform.support.security.TestServiceCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Learning end to end against real Redis (database 14) and PostgreSQL: outcomes go in through the
 * {@code platform.outcomes} stream, and come out as success rates, routing, metrics and history.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.router.learning.block=200ms",
            "platform.router.learning.refresh-interval=200ms",
            "platform.router.learning.persist-interval=500ms",
            "management.endpoints.web.exposure.include=prometheus"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutcomeLearningIT {

    private static final TestDatabase database = TestInfrastructure.createDatabase("router_learning_it");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RouterTestInfrastructure.flushRedis();
        RouterTestInfrastructure.register(registry, database);
    }

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SuccessRateTracker tracker;

    @Autowired
    OutcomeStreamConsumer consumer;

    @Autowired
    RoutingHistory history;

    RestTestClient client;

    @BeforeEach
    void client() {
        client = RestTestClient.bindToServer(new JdkClientHttpRequestFactory())
                .baseUrl("http://127.0.0.1:" + port)
                .requestInterceptor(TestServiceCalls.asAdmin())
                .build();
    }

    @AfterAll
    void cleanUp() {
        consumer.stop();
        tracker.stop();
        RouterTestInfrastructure.flushRedis();
        database.drop();
    }

    @Test
    void outcomesMoveTheSharedSuccessRateOnceEachAndAreAcked() {
        OutcomeRecorded failure = outcome("rust", false);
        publish(failure);
        publish(failure);
        publish(outcome("rust", false));

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(tracker.snapshot().get("rust"))
                        .isNotNull()
                        .extracting(AgentStats::observations)
                        .isEqualTo(2L));
        // prior 0.8 worth 5 observations, then two failures: (5 * 0.8) / 7
        assertThat(tracker.snapshot().get("rust").successRate())
                .isCloseTo(4.0 / 7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(redis.opsForHash().get("router:stats:rust", "n")).isEqualTo("2");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(redis.opsForStream()
                                .pending(Streams.OUTCOMES, "router-service")
                                .getTotalPendingMessages())
                        .isZero());

        client.get()
                .uri("/v1/agents")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.name == 'rust')].stats.observations")
                .isEqualTo(List.of(2));
        client.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(text -> assertThat(text)
                        .contains("router_agent_success_rate{agent=\"rust\",application=\"router-service\"} 0.571"));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(jdbc.sql("SELECT observations FROM router.agent_stats WHERE agent = 'rust'")
                                        .query(Long.class)
                                        .optional())
                                .contains(2L));
    }

    @Test
    void outcomesWrittenTogetherJoinTheirDecisionsAsIfWrittenOneByOne() throws Exception {
        String failedThenAnswered = UUID.randomUUID().toString();
        String answeredThenFailed = UUID.randomUUID().toString();
        String onlyFailed = UUID.randomUUID().toString();
        for (String taskId : List.of(failedThenAnswered, answeredThenFailed, onlyFailed)) {
            history.recordDecision(
                    taskId,
                    "hash",
                    new float[384],
                    new dev.agentplatform.common.RoutingDecision(
                            "python",
                            "code",
                            dev.agentplatform.common.Strategy.SINGLE,
                            0.9,
                            List.of(),
                            List.of("python", "rust")));
        }
        // no flush in between: the writer is free to take all of them in one batch
        history.recordOutcome(outcomeOf(failedThenAnswered, "python", false));
        history.recordOutcome(outcomeOf(failedThenAnswered, "rust", true));
        history.recordOutcome(outcomeOf(answeredThenFailed, "python", true));
        history.recordOutcome(outcomeOf(answeredThenFailed, "rust", false));
        history.recordOutcome(outcomeOf(onlyFailed, "python", false));
        history.recordOutcome(outcomeOf(onlyFailed, "rust", false));
        history.flush();

        assertThat(joined(failedThenAnswered)).isEqualTo("true rust");
        assertThat(joined(answeredThenFailed)).isEqualTo("true python");
        assertThat(joined(onlyFailed)).isEqualTo("false python");
        // these rows must not feed another test's refit
        for (String taskId : List.of(failedThenAnswered, answeredThenFailed, onlyFailed)) {
            jdbc.sql("DELETE FROM router.routing_history WHERE task_id = ?")
                    .param(taskId)
                    .update();
        }
    }

    private static OutcomeRecorded outcomeOf(String taskId, String agent, boolean success) {
        return new OutcomeRecorded(UUID.randomUUID().toString(), taskId, agent, success, 50, null, Instant.now());
    }

    private String joined(String taskId) {
        return jdbc.sql(
                        "SELECT CAST(success AS text) || ' ' || outcome_agent FROM router.routing_history WHERE task_id = ?")
                .param(taskId)
                .query(String.class)
                .single();
    }

    @Test
    void aFailingPrimaryLosesItsSlotToATeamMateAndTheOutcomeJoinsTheHistory() throws Exception {
        // a prompt any code agent could take: the shares are close, reliability decides
        String prompt = "Write a function that merges two sorted arrays";
        String first = route(prompt);
        assertThat(first).isIn("python", "javascript", "rust");
        for (int i = 0; i < 10; i++) {
            publish(outcome(first, false));
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(route(prompt)).isNotEqualTo(first).isIn("python", "javascript", "rust"));

        String taskId = UUID.randomUUID().toString();
        history.recordDecision(
                taskId,
                "hash",
                new float[384],
                new dev.agentplatform.common.RoutingDecision(
                        "python", "code", dev.agentplatform.common.Strategy.SINGLE, 0.9, List.of(), List.of("python")));
        history.flush();
        publish(new OutcomeRecorded(UUID.randomUUID().toString(), taskId, "python", true, 120, null, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            history.flush();
            assertThat(jdbc.sql("SELECT success FROM router.routing_history WHERE task_id = ?")
                            .param(taskId)
                            .query(Boolean.class)
                            .optional())
                    .contains(true);
        });
        assertThat(history.successfulPrompts(10)).containsKey("python");

        // the refit puts the successfully answered prompt into python's prototype
        client.post()
                .uri("/admin/v1/router/refit")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.promptsPerAgent.python")
                .isEqualTo(1);
    }

    private String route(String prompt) {
        Map<?, ?> decision = client.post()
                .uri("/v1/route")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("prompt", prompt))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return (String) decision.get("agent");
    }

    private void publish(OutcomeRecorded outcome) {
        redis.opsForStream()
                .add(StreamRecords.newRecord()
                        .in(Streams.OUTCOMES)
                        .ofMap(Map.of(
                                Streams.FIELD_EVENT_ID,
                                outcome.eventId(),
                                Streams.FIELD_PAYLOAD,
                                json.writeValueAsString(outcome))));
    }

    private static OutcomeRecorded outcome(String agent, boolean success) {
        return new OutcomeRecorded(
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), agent, success, 1500, null, Instant.now());
    }
}
