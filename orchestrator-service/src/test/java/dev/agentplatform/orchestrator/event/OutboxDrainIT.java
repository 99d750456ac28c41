package dev.agentplatform.orchestrator.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.TaskResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Booked or not answered, the outbox way: tasks answered while Redis is gone keep their usage
 * events in the outbox on disk, and once Redis is back every answered task's usage is on the
 * stream.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.orchestrator.simulated.agents.python.latency-ms=0",
            "platform.orchestrator.events.drain-interval=200ms",
            "platform.orchestrator.tasks.consumer-enabled=false"
        })
class OutboxDrainIT {

    private static final Logger log = LoggerFactory.getLogger(OutboxDrainIT.class);
    private static final int TASKS = 8;
    private static final RedisOutage redis = new RedisOutage();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        redis.register(registry);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    RedisStreamExecutionEvents events;

    @Autowired
    MeterRegistry meters;

    RestTestClient http;

    @BeforeEach
    void setUp() {
        redis.reset();
        http = RedisOutage.http(port);
    }

    @AfterEach
    void tearDown() {
        redis.restore();
    }

    @Test
    void everyTaskAnsweredDuringARedisOutageIsBilledOnceRedisIsBack() throws InterruptedException {
        redis.proxy().cut();
        List<String> tasks = RedisOutage.taskIds("outage", TASKS);
        for (String task : tasks) {
            TaskResult result = RedisOutage.execute(http, task)
                    .expectStatus()
                    .isOk()
                    .expectBody(TaskResult.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(result.costUsd()).isPositive();
        }
        long kept = events.waiting();
        assertThat(kept).as("usage and outcome events kept on disk").isGreaterThanOrEqualTo(TASKS);
        assertThat(meters.get("orchestrator.events.outbox.size").gauge().value())
                .isEqualTo(kept);
        assertThat(redis.billedTasks()).isEmpty();

        redis.proxy().restore();
        Instant until = Instant.now().plus(Duration.ofSeconds(90));
        while ((events.waiting() > 0 || !redis.billedTasks().containsAll(tasks))
                && Instant.now().isBefore(until)) {
            Thread.sleep(200);
        }

        assertThat(events.waiting()).isZero();
        assertThat(redis.billedTasks()).containsExactlyInAnyOrderElementsOf(tasks);
        Map<String, Long> ids = redis.usageEventIdsByCount();
        assertThat(ids).hasSize(TASKS);
        assertThat(meters.get("orchestrator.events.outbox.drained")
                        .tag("stream", "platform.usage")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(TASKS);
        log.info(
                "outage: {} tasks answered, {} events kept in the outbox, {} usage entries on the stream"
                        + " afterwards for {} distinct usage events (0 unbilled)",
                TASKS,
                kept,
                ids.values().stream().mapToLong(Long::longValue).sum(),
                ids.size());
    }
}
