package dev.agentplatform.cost;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP listener standing in for an operator's alert webhook. */
final class WebhookListener {

    /** One delivery that was answered 204. */
    record Delivery(String body, String signature) {}

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();

    WebhookListener() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/alerts", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                deliveries.add(new Delivery(body, exchange.getRequestHeaders().getFirst("X-Platform-Signature")));
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    /** Answers the next {@code n} deliveries with 503, so that they must be retried. */
    void failNext(int n) {
        failures.set(n);
    }

    /** The deliveries about {@code id}'s budgets. */
    List<Delivery> received(String id) {
        return deliveries.stream()
                .filter(d -> d.body().contains("\"" + id + "\""))
                .toList();
    }

    void stop() {
        server.stop(0);
    }
}
