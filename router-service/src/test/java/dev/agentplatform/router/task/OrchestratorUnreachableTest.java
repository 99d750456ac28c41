package dev.agentplatform.router.task;

import dev.agentplatform.common.ProblemTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "platform.router.clients.retry-after=9s"})
class OrchestratorUnreachableTest {

    @DynamicPropertySource
    static void closedPort(DynamicPropertyRegistry registry) {
        registry.add("platform.router.clients.orchestrator-url", () -> "http://127.0.0.1:" + closedPort());
    }

    @LocalServerPort
    int port;

    @Test
    void anUnreachableOrchestratorIsA503ProblemWithRetryAfter() {
        RestTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .post()
                .uri("/v1/tasks")
                .header("X-User-Id", "alice")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"Write a SQL query\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals("Retry-After", "9")
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(ProblemTypes.UNAVAILABLE.toString());
    }

    /** A port nothing listens on: bound once to get a free number, then released. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
