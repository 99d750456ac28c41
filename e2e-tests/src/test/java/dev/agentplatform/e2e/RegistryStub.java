package dev.agentplatform.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The router's agent registry ({@code GET /v1/agents}) for a test that runs the orchestrator
 * without a router: a fixed list of definitions served by the JDK's own HTTP server.
 */
final class RegistryStub implements AutoCloseable {

    private final HttpServer server;

    /** Serves {@code definitionsJson}, a JSON array of agent definitions, on a free local port. */
    RegistryStub(String definitionsJson) throws IOException {
        byte[] body = definitionsJson.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/agents", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("ETag", "\"1\"");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The base URL to give the orchestrator as its router. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
