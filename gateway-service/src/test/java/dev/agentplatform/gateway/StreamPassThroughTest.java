package dev.agentplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentplatform.devinfra.Ports;
import dev.agentplatform.devinfra.TestInfrastructure;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A streamed chat completion reaches the client piece by piece: the router here sends its first
 * piece, then holds the rest back until the client has read that piece through the gateway. A
 * gateway that gathered the stream before sending would leave the client waiting until the router
 * gave up holding back, and the order of the two would show it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1"})
class StreamPassThroughTest {

    private static final List<String> order = new CopyOnWriteArrayList<>();
    private static final CountDownLatch firstPieceRead = new CountDownLatch(1);
    private static final HttpServer router = startRouter();

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add(
                "platform.gateway.routes.router-url",
                () -> "http://127.0.0.1:" + router.getAddress().getPort());
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + Ports.free());
        registry.add("spring.datasource.url", TwoGateways::unreachableDatabaseUrl);
        registry.add(
                "platform.gateway.semantic.lucene-directory",
                () -> TestInfrastructure.tempDir("stream-pass-through-test-" + UUID.randomUUID())
                        .toString());
    }

    @AfterAll
    static void stopRouter() {
        router.stop(0);
    }

    @LocalServerPort
    int port;

    private static HttpServer startRouter() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/tasks", StreamPassThroughTest::streamTask);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void streamTask(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(event("delta", "{\"content\":\"first piece\"}"));
            out.flush();
            try {
                firstPieceRead.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            order.add("router sent the rest");
            out.write(event("delta", "{\"content\":\" and the rest\"}"));
            out.write(event("result", GatewayApiTest.RESULT.replace("\n", "")));
            out.flush();
        }
    }

    private static byte[] event(String name, String data) {
        return ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theFirstPieceReachesTheClientBeforeTheRouterSendsTheRest() throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                                .header("Authorization", "Bearer " + GatewayApiTest.DEV_KEY)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"model\": \"auto\", \"stream\": true, \"messages\": "
                                                + "[{\"role\": \"user\", \"content\": \"Write a SQL query\"}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);

        StringBuilder rest = new StringBuilder();
        Iterator<String> lines = response.body().iterator();
        while (lines.hasNext()) {
            String line = lines.next();
            if (firstPieceRead.getCount() > 0 && line.contains("first piece")) {
                order.add("client read the first piece");
                firstPieceRead.countDown();
            } else {
                rest.append(line).append('\n');
            }
        }

        assertThat(order).containsExactly("client read the first piece", "router sent the rest");
        assertThat(rest.toString()).contains(" and the rest").contains("\"finish_reason\":\"stop\"");
        assertThat(rest.toString().strip()).endsWith("data: [DONE]");
    }
}
