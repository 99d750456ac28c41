package dev.agentplatform.router.task;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.router.RouterTestInfrastructure;
import dev.agentplatform.support.security.TestServiceCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "platform.router.clients.retry-after=9s"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrchestratorUnreachableIT {

    private static final TestDatabase database = TestInfrastructure.createDatabase("router_unreachable_it");

    @DynamicPropertySource
    static void closedPort(DynamicPropertyRegistry registry) {
        RouterTestInfrastructure.register(registry, database);
        registry.add("platform.router.learning.enabled", () -> "false");
        registry.add("platform.router.clients.orchestrator-url", () -> "http://127.0.0.1:" + closedPort());
    }

    @LocalServerPort
    int port;

    @AfterAll
    void cleanUp() {
        database.drop();
    }

    @Test
    void anUnreachableOrchestratorIsA503ProblemWithRetryAfter() {
        RestTestClient.bindToServer(new JdkClientHttpRequestFactory())
                .baseUrl("http://127.0.0.1:" + port)
                .requestInterceptor(TestServiceCalls.asService())
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
