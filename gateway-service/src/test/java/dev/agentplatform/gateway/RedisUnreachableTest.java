package dev.agentplatform.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.devinfra.Ports;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What {@code on-redis-failure: fail-closed} does when Redis cannot be reached. The default,
 * fail-open, is what {@link GatewayApiTest} runs with: it has no Redis, and its requests pass.
 */
class RedisUnreachableTest {

    @RegisterExtension
    static final WireMockExtension router = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @BeforeEach
    void stubRouter() {
        router.stubFor(post("/v1/tasks")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(GatewayApiTest.RESULT)));
    }

    @Test
    void failClosedRefusesRequestsWithA503Problem() {
        try (TwoGateways gateway = start("fail-closed")) {
            GatewayApiTest.expectProblem(
                    chat(gateway).expectHeader().exists("Retry-After"), 503, ProblemTypes.UNAVAILABLE);
        }
    }

    private static TwoGateways start(String mode) {
        return TwoGateways.start(
                1,
                router.baseUrl(),
                Map.of(
                        "spring.data.redis.url",
                        "redis://127.0.0.1:" + Ports.free(),
                        "spring.data.redis.connect-timeout",
                        "200ms",
                        "platform.gateway.ratelimit.on-redis-failure",
                        mode,
                        "spring.datasource.url",
                        TwoGateways.unreachableDatabaseUrl()));
    }

    private static WebTestClient.ResponseSpec chat(TwoGateways gateway) {
        return GatewayApiTest.client(gateway.port(0))
                .post()
                .uri("/v1/chat/completions")
                .header("Authorization", "Bearer " + GatewayApiTest.DEV_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .exchange();
    }
}
