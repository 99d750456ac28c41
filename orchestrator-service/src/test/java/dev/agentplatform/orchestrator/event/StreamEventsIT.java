package dev.agentplatform.orchestrator.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.Streams;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.orchestrator.Executions;
import dev.agentplatform.orchestrator.Neighbours;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task run over HTTP leaves its usage and outcome events on the real Redis Streams (database 13,
 * flushed around every test), each entry with eventId, JSON payload and the request's trace.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.orchestrator.simulated.agents.python.latency-ms=0",
            "platform.orchestrator.simulated.agents.rust.latency-ms=0",
            "platform.orchestrator.simulated.agents.rust.failure-rate=1.0"
        })
class StreamEventsIT {

    private static final int REDIS_DATABASE = 13;
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
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
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    RestTestClient http;

    @BeforeEach
    void setUp() {
        flush();
        neighbours.reset();
        http = Executions.client(port);
    }

    @AfterEach
    void tearDown() {
        flush();
    }

    private void flush() {
        redis.execute((RedisCallback<Void>) connection -> {
            connection.serverCommands().flushDb();
            return null;
        });
    }

    private TaskResult execute(String taskId, String... agents) {
        return http.post()
                .uri("/v1/executions")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-User-Id", "carol")
                .header("X-User-Tier", "pro")
                .header("X-Request-Id", "req-it-1")
                .header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
                .body(Executions.request(taskId, "Parse ISO dates", "SINGLE", agents))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(TaskResult.class)
                .returnResult()
                .getResponseBody();
    }

    private List<MapRecord<String, Object, Object>> entries(String stream) {
        return redis.opsForStream().range(stream, Range.unbounded());
    }

    @Test
    void putsOneUsageEntryPerLlmCallOnPlatformUsage() {
        TaskResult result = execute("it-usage", "python");

        List<MapRecord<String, Object, Object>> entries = entries(Streams.USAGE);

        assertThat(entries).hasSize(1);
        Map<Object, Object> fields = entries.get(0).getValue();
        assertThat(fields).containsOnlyKeys(Streams.FIELD_EVENT_ID, Streams.FIELD_PAYLOAD, Streams.FIELD_TRACEPARENT);
        UsageRecorded usage = json.readValue((String) fields.get(Streams.FIELD_PAYLOAD), UsageRecorded.class);
        assertThat(usage.eventId()).isEqualTo(fields.get(Streams.FIELD_EVENT_ID));
        assertThat(usage.taskId()).isEqualTo("it-usage");
        assertThat(usage.userId()).isEqualTo("carol");
        assertThat(usage.requestId()).isEqualTo("req-it-1");
        assertThat(usage.agent()).isEqualTo("python");
        assertThat(usage.promptTokens()).isEqualTo(result.usage().promptTokens());
        assertThat(usage.costUsd()).isEqualByComparingTo(result.costUsd()).isPositive();
        assertThat((String) fields.get(Streams.FIELD_TRACEPARENT)).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
    }

    @Test
    void putsOneOutcomeEntryPerAttemptOnPlatformOutcomes() {
        execute("it-outcomes", "rust", "python");

        List<MapRecord<String, Object, Object>> entries = entries(Streams.OUTCOMES);

        assertThat(entries).hasSize(2);
        List<OutcomeRecorded> outcomes = entries.stream()
                .map(e -> json.readValue((String) e.getValue().get(Streams.FIELD_PAYLOAD), OutcomeRecorded.class))
                .toList();
        assertThat(outcomes).extracting(OutcomeRecorded::agent).containsExactly("rust", "python");
        assertThat(outcomes).extracting(OutcomeRecorded::success).containsExactly(false, true);
        assertThat(outcomes.get(0).errorKind()).isEqualTo("provider_error");
        for (int i = 0; i < entries.size(); i++) {
            Map<Object, Object> fields = entries.get(i).getValue();
            assertThat(fields.get(Streams.FIELD_EVENT_ID))
                    .isEqualTo(outcomes.get(i).eventId());
            assertThat((String) fields.get(Streams.FIELD_TRACEPARENT)).startsWith("00-" + TRACE_ID + "-");
        }
        assertThat(entries(Streams.USAGE)).hasSize(1);
    }
}
