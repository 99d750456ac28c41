package dev.agentplatform.orchestrator.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.Strategy;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.orchestrator.Executions;
import dev.agentplatform.orchestrator.Neighbours;
import dev.agentplatform.orchestrator.RecordingExecutionEvents;
import dev.agentplatform.orchestrator.agent.Agent;
import dev.agentplatform.orchestrator.agent.AgentCatalog;
import dev.agentplatform.orchestrator.resilience.Breakers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Chaos set through the admin API (kept in real Redis, database 13) drives the simulated provider;
 * breakers, degradation and PARALLEL react to it. Breakers open after the default five failures and
 * close again after three seconds here.
 */
@Import(RecordingExecutionEvents.Replacing.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.orchestrator.resilience.open-duration=3s",
            "platform.orchestrator.resilience.retry-backoff=1ms",
            "platform.orchestrator.execution.parallel-deadline=3s",
            "platform.orchestrator.execution.parallel-grace=1s",
            "platform.orchestrator.tasks.consumer-enabled=false"
        })
class ResilienceIT {

    private static final int REDIS_DATABASE = 13;
    private static final Neighbours neighbours = new Neighbours();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.url", () -> TestInfrastructure.redisUrl(REDIS_DATABASE));
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
    StringRedisTemplate redis;

    @Autowired
    Breakers breakers;

    @Autowired
    AgentCatalog catalog;

    @Autowired
    ChaosStore chaos;

    @Autowired
    MeterRegistry meters;

    RestTestClient http;

    @BeforeEach
    void setUp() {
        flush();
        chaos.reload();
        // forgotten, not reset: a reset breaker still runs the OPEN -> HALF_OPEN transition that an
        // earlier test's opening scheduled, which let a sixth failing call through
        catalog.all().stream().map(Agent::name).forEach(breakers::forget);
        neighbours.reset();
        events.clear();
        http = Executions.client(port);
    }

    @AfterEach
    void tearDown() {
        flush();
        chaos.reload();
    }

    private void flush() {
        redis.execute((RedisCallback<Object>) connection -> {
            connection.serverCommands().flushDb();
            return null;
        });
    }

    private RestTestClient.ResponseSpec putChaos(String agent, String body) {
        return http.put()
                .uri("/admin/v1/chaos/agents/" + agent)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange();
    }

    private void chaos(String agent, double failureRate, long latencyMs) {
        putChaos(agent, "{\"failureRate\": " + failureRate + ", \"latencyMs\": " + latencyMs + "}")
                .expectStatus()
                .isOk();
    }

    private static String execution(String taskId, String strategy, String... agents) {
        return Executions.request(taskId, "Write a python function that parses dates", strategy, agents);
    }

    private RestTestClient.ResponseSpec send(String body) {
        return http.post()
                .uri("/v1/executions")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-User-Id", "alice")
                .header("X-User-Tier", "pro")
                .body(body)
                .exchange();
    }

    private TaskResult answer(String body) {
        return send(body)
                .expectStatus()
                .isOk()
                .expectBody(TaskResult.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void storesChaosInRedisAndAnswersWithTheSetting() {
        JsonNode body = putChaos("python", "{\"failureRate\": 0.25, \"latencyMs\": 40}")
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(body.get("failureRate").asDouble()).isEqualTo(0.25);
        assertThat(body.get("latencyMs").asLong()).isEqualTo(40);
        assertThat(redis.opsForHash().get("orchestrator:chaos:agents", "python"))
                .isNotNull();

        http.delete()
                .uri("/admin/v1/chaos/agents/python")
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(redis.opsForHash().get("orchestrator:chaos:agents", "python"))
                .isNull();
    }

    @Test
    void rejectsBadChaosWith400Problems() {
        for (String body : List.of(
                "{\"failureRate\": 1.5}",
                "{\"failureRate\": -0.1, \"latencyMs\": 0}",
                "{\"latencyMs\": -5}",
                "{\"latencyMs\": 99999999}",
                "{}",
                "{\"failureRate\": \"often\"}",
                "not json")) {
            JsonNode problem = putChaos("python", body)
                    .expectStatus()
                    .isBadRequest()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.INVALID_REQUEST.toString());
        }
        putChaos("bad name!", "{\"failureRate\": 0.5}").expectStatus().isBadRequest();
    }

    @Test
    void answersNearlyEveryRequestWithHalfTheAgentsFailing() {
        for (String agent : List.of("python", "rust", "web_search", "summarizer", "sql")) {
            chaos(agent, 1.0, 0);
        }

        int answered = 0;
        for (int i = 0; i < 40; i++) {
            var response = send(execution("t-half-" + i, "SINGLE", "python", "sql", "rust"))
                    .returnResult(TaskResult.class);
            if (response.getStatus().value() == 200) {
                answered++;
                assertThat(response.getResponseBody().agent()).isIn("javascript", "pdf_reader", "analytics", "viz");
            }
        }

        assertThat(answered).isEqualTo(40);
    }

    @Test
    void opensTheBreakerAfterFiveFailuresFailsFastThenClosesWhenTheAgentRecovers() {
        chaos("rust", 1.0, 0);
        for (int i = 0; i < 5; i++) {
            answer(execution("t-b-" + i, "SINGLE", "rust", "javascript"));
        }
        events.clear();

        TaskResult result = answer(execution("t-b-open", "SINGLE", "rust", "javascript"));

        assertThat(result.agent()).isEqualTo("javascript");
        assertThat(events.outcomes())
                .extracting(OutcomeRecorded::agent, OutcomeRecorded::errorKind)
                .first()
                .isEqualTo(org.assertj.core.groups.Tuple.tuple("rust", "circuit_open"));
        assertThat(meters.get("circuit.breaker.state")
                        .tags("agent", "rust", "state", "open")
                        .gauge()
                        .value())
                .isEqualTo(1.0);

        http.delete()
                .uri("/admin/v1/chaos/agents/rust")
                .exchange()
                .expectStatus()
                .isNoContent();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "rust"
                        .equals(answer(execution("t-b-probe-" + System.nanoTime(), "SINGLE", "rust", "javascript"))
                                .agent()));
        assertThat(breakers.healthy("rust")).isTrue();
    }

    @Test
    void answers503WithRetryAfterOnlyWhenNoAgentCanAnswer() {
        catalog.all().forEach(agent -> chaos(agent.name(), 1.0, 0));

        JsonNode problem = send(execution("t-none", "SINGLE", "python", "sql"))
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .exists("Retry-After")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.UNAVAILABLE.toString());
        assertThat(problem.get("attempts").findValuesAsString("agent"))
                .containsExactlyInAnyOrderElementsOf(
                        catalog.all().stream().map(Agent::name).toList());
    }

    @Test
    void runsParallelAgentsTogetherAndTheBestAnswerWins() {
        for (String agent : List.of("python", "javascript", "rust")) {
            chaos(agent, 0.0, 200);
        }

        TaskResult result = answer(execution("t-par", "PARALLEL", "python", "javascript", "rust"));

        assertThat(result.strategy()).isEqualTo(Strategy.PARALLEL);
        assertThat(result.agent()).isIn("python", "javascript", "rust");
        assertThat(events.outcomes())
                .extracting(OutcomeRecorded::agent)
                .containsExactlyInAnyOrder("python", "javascript", "rust");
    }

    @Test
    void answersParallelByTheDeadlineWhenOneAgentHangs() {
        chaos("rust", 0.0, 60_000);

        TaskResult result = answer(execution("t-hang", "PARALLEL", "python", "javascript", "rust"));

        assertThat(result.strategy()).isEqualTo(Strategy.PARALLEL);
        assertThat(result.agent()).isIn("python", "javascript");
        // Cut off at the deadline, the hung agent counts as timed out, never as an answer.
        assertThat(events.outcomes())
                .filteredOn(o -> o.agent().equals("rust"))
                .allSatisfy(o -> assertThat(o.errorKind()).isEqualTo("timeout"));
    }

    @Test
    void fallsBackToSingleWhenEveryParallelAgentFails() {
        for (String agent : List.of("python", "javascript")) {
            chaos(agent, 1.0, 0);
        }

        TaskResult result = answer(execution("t-par-fail", "PARALLEL", "python", "javascript"));

        assertThat(result.strategy()).isEqualTo(Strategy.SINGLE);
        assertThat(result.agent()).isEqualTo("rust");
    }
}
