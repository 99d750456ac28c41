package dev.agentplatform.gateway;

import dev.agentplatform.common.ProblemTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "platform.gateway.routes.retry-after=11s"})
class RouterUnreachableTest {

    @DynamicPropertySource
    static void closedPorts(DynamicPropertyRegistry registry) {
        registry.add("platform.gateway.routes.router-url", () -> "http://127.0.0.1:" + closedPort());
        registry.add("platform.gateway.routes.cost-url", () -> "http://127.0.0.1:" + closedPort());
        // no Redis: the caches miss and the rate limits fail open, as documented; never a Redis of
        // the machine's, whose data is not ours
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + dev.agentplatform.devinfra.Ports.free());
        registry.add("spring.datasource.url", TwoGateways::unreachableDatabaseUrl);
        registry.add(
                "platform.gateway.semantic.lucene-directory",
                () -> dev.agentplatform.devinfra.TestInfrastructure.tempDir(
                                "router-unreachable-test-" + java.util.UUID.randomUUID())
                        .toString());
    }

    @LocalServerPort
    int port;

    WebTestClient client;

    @BeforeEach
    void client() {
        client =
                WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void aChatCompletionIsA503ProblemWithRetryAfter() {
        GatewayApiTest.expectProblem(
                client.post()
                        .uri("/v1/chat/completions")
                        .header("X-API-Key", GatewayApiTest.DEV_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                        .exchange()
                        .expectHeader()
                        .valueEquals("Retry-After", "11"),
                503,
                ProblemTypes.UNAVAILABLE);
    }

    @Test
    void proxiedRoutesAre503ProblemsWithRetryAfter() {
        GatewayApiTest.expectProblem(
                client.get()
                        .uri("/v1/agents")
                        .header("X-API-Key", GatewayApiTest.DEV_KEY)
                        .exchange()
                        .expectHeader()
                        .valueEquals("Retry-After", "11"),
                503,
                ProblemTypes.UNAVAILABLE);
        GatewayApiTest.expectProblem(
                client.get()
                        .uri("/v1/usage")
                        .header("X-API-Key", GatewayApiTest.DEV_KEY)
                        .exchange(),
                503,
                ProblemTypes.UNAVAILABLE);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
