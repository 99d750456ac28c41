package dev.agentplatform.mcp;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A stand-in for the router on a loopback port: answers one path prefix with what a test's handler says. */
public final class StandInRouter {

    /** What the router answers: a status and a JSON body. */
    public record Answer(int status, String json) {}

    /** A request as the router saw it. */
    @FunctionalInterface
    public interface Handler {
        Answer answer(String path, String authorization, String body);
    }

    private final HttpServer server;

    private StandInRouter(HttpServer server) {
        this.server = server;
    }

    /** Starts answering requests under {@code context} with {@code handler}. */
    public static StandInRouter start(String context, Handler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(context, exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Answer answer = handler.answer(
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        body);
                byte[] json = answer.json().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.status(), json.length);
                exchange.getResponseBody().write(json);
                exchange.close();
            });
            server.start();
            return new StandInRouter(server);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Points the service's router URL here. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add(
                "platform.mcp.platform-server.router-url",
                () -> "http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void stop() {
        server.stop(0);
    }
}
