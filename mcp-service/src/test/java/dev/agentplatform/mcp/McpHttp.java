package dev.agentplatform.mcp;

import dev.agentplatform.support.security.TestServiceCalls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP against the service under test, so tests see exactly what other services see. */
public final class McpHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public McpHttp(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public Response post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Signed as the orchestrator signs its calls, with one more header. */
    public Response post(String path, String json, String header, String value)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Signed as the gateway signs a call made with the admin key. */
    public Response postAsAdmin(String path, String json) throws IOException, InterruptedException {
        return sendAs(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                TestServiceCalls.adminBearer());
    }

    /** Signed as the orchestrator signs a call it makes for {@code userId}. */
    public Response postForUser(String path, String json, String userId) throws IOException, InterruptedException {
        return sendAs(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                TestServiceCalls.bearer(userId, "pro"));
    }

    public Response delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    public Response deleteAsAdmin(String path) throws IOException, InterruptedException {
        return sendAs(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE(), TestServiceCalls.adminBearer());
    }

    private Response sendAs(HttpRequest.Builder request, String bearer) throws IOException, InterruptedException {
        request.header("Authorization", bearer);
        return new Response(
                http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** A POST without a service credential. */
    public Response postAnonymously(String path, String json) throws IOException, InterruptedException {
        return new Response(http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    /** Without a service credential, as a local tool (or a stranger who reached the port) would call. */
    public Response getAnonymously(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response);
    }

    /** Without a service credential, but with {@code header} claiming someone. */
    public Response getAnonymously(String path, String header, String value) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header(header, value)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(response);
    }

    /** Signed as the orchestrator signs its calls. */
    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.header("Authorization", "Bearer " + TestServiceCalls.tokens().issue());
        HttpResponse<String> response =
                http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response);
    }

    /** A response with its body parsed when it is JSON. */
    public record Response(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }
    }
}
