package dev.agentplatform.e2e;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local server speaking Anthropic's Messages wire format ({@code POST /v1/messages}): it keeps
 * every request with its headers, answers with a short text naming the model, streams Anthropic's
 * server-sent events when asked, and can be told to misbehave as a real upstream sometimes does
 * (answer garbage, refuse the key, or hang).
 */
final class FakeAnthropic extends FakeUpstream {

    /** How the server answers. */
    enum Mode {
        NORMAL,
        GARBAGE,
        UNAUTHORIZED,
        HANG
    }

    /** One request as received. */
    record Received(Map<String, List<String>> headers, JsonNode body) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.NORMAL;

    FakeAnthropic() throws IOException {
        super("/v1/messages");
    }

    /** The base URL, as {@code ANTHROPIC_BASE_URL}. */
    String baseUrl() {
        return url("/v1/");
    }

    List<Received> requests() {
        return List.copyOf(requests);
    }

    void reset() {
        requests.clear();
        mode = Mode.NORMAL;
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = JSON.readTree(raw);
        requests.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
        switch (mode) {
            case GARBAGE -> {
                send(exchange, 200, "application/json", "<html>upstream exploded</html>");
                return;
            }
            case UNAUTHORIZED -> {
                send(
                        exchange,
                        401,
                        "application/json",
                        "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}");
                return;
            }
            case HANG -> {
                try {
                    Thread.sleep(15_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            case NORMAL -> {}
        }
        String model = body.path("model").asString("unknown");
        String text = "Answer from " + model + " to " + body.path("messages").size() + " messages.";
        if (body.path("stream").asBoolean(false)) {
            StringBuilder sse = new StringBuilder();
            event(
                    sse,
                    "message_start",
                    "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake\",\"type\":\"message\","
                            + "\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],\"stop_reason\":null,"
                            + "\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}");
            event(
                    sse,
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":0,"
                            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
            for (String piece : new String[] {"Answer from ", model, " streamed."}) {
                event(
                        sse,
                        "content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,"
                                + "\"delta\":{\"type\":\"text_delta\",\"text\":" + JSON.writeValueAsString(piece)
                                + "}}");
            }
            event(sse, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
            event(
                    sse,
                    "message_delta",
                    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}");
            event(sse, "message_stop", "{\"type\":\"message_stop\"}");
            send(exchange, 200, "text/event-stream", sse.toString());
            return;
        }
        ObjectNode answer = JSON.createObjectNode()
                .put("id", "msg_fake")
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model)
                .put("stop_reason", "end_turn");
        answer.putArray("content").addObject().put("type", "text").put("text", text);
        answer.putObject("usage").put("input_tokens", 12).put("output_tokens", 6);
        send(exchange, 200, "application/json", JSON.writeValueAsString(answer));
    }

    private static void event(StringBuilder sse, String name, String data) {
        sse.append("event: ")
                .append(name)
                .append('\n')
                .append("data: ")
                .append(data)
                .append("\n\n");
    }
}
