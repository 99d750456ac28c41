package dev.agentplatform.orchestrator.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.TaskResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

/** Booked or not answered, the strict way: with {@code on-unbookable: refuse} a Redis outage is a 503. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.orchestrator.simulated.agents.python.latency-ms=0",
            "platform.orchestrator.events.on-unbookable=refuse",
            "platform.orchestrator.tasks.consumer-enabled=false"
        })
class UnbookableRefusalIT {

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
    JsonMapper json;

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
    void refusesATaskWhoseUsageCannotBePublishedAndAnswersOnceRedisIsBack() {
        redis.proxy().cut();

        RedisOutage.execute(http, "refused-1")
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Usage cannot be booked")
                .jsonPath("$.taskId")
                .isEqualTo("refused-1");

        redis.proxy().restore();
        TaskResult answered = null;
        // Redis is back once the client has reconnected; until then the refusal holds
        for (int i = 0; i < 60 && answered == null; i++) {
            var result = RedisOutage.execute(http, "after-" + i).returnResult(String.class);
            if (result.getStatus().value() == 200) {
                answered = json.readValue(result.getResponseBody(), TaskResult.class);
            } else {
                assertThat(result.getStatus().value()).isEqualTo(503);
            }
        }
        assertThat(answered).isNotNull();
        assertThat(redis.billedTasks()).contains(answered.taskId());
    }
}
