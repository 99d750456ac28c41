package dev.agentplatform.e2e;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local server speaking OpenAI's chat completions wire format, as vLLM, Ollama or a proxy would:
 * it keeps every request body it received, answers with a short text naming the model (or, when the
 * request offers tools and has no tool result yet, a call of the first tool), streams when asked, and
 * answers 429 for the models it is told to throttle. Asked by memory-service to extract a knowledge
 * graph, it answers the JSON asked for: each message's speaker {@code told_the_model} the message's
 * last capitalised word, a relation no rule of memory-service's own extractor makes.
 */
final class FakeOpenAi extends FakeUpstream {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final Set<String> throttled = ConcurrentHashMap.newKeySet();

    FakeOpenAi() throws IOException {
        super("/v1/chat/completions");
    }

    /** The base URL, as {@code OPENAI_BASE_URL}. */
    String baseUrl() {
        return url("/v1");
    }

    /** Every request body received, oldest first. */
    List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    void reset() {
        requests.clear();
        throttled.clear();
    }

    /** Answers 429 to requests for {@code model} from now on. */
    void throttle(String model) {
        throttled.add(model);
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        requests.add(body);
        String model = body.path("model").asString("unknown");
        if (throttled.contains(model)) {
            send(
                    exchange,
                    429,
                    "application/json",
                    "{\"error\":{\"message\":\"rate limited\",\"type\":\"rate_limit\"}}");
            return;
        }
        JsonNode messages = body.path("messages");
        boolean toolResult = false;
        for (JsonNode message : messages) {
            toolResult |= "tool".equals(message.path("role").asString());
        }
        String text = "Answer from " + model + " to " + messages.size() + " messages.";
        if (messages.size() > 1
                && messages.get(0).path("content").asString("").startsWith("You extract a knowledge graph")) {
            text = extraction(messages.get(messages.size() - 1).path("content").asString(""));
        }
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        String finish = "stop";
        if (body.path("tools").size() > 0 && !toolResult) {
            JsonNode function = body.path("tools").get(0).path("function");
            message.putNull("content");
            message.putArray("tool_calls")
                    .addObject()
                    .put("id", "call_fake_1")
                    .put("type", "function")
                    .putObject("function")
                    .put("name", function.path("name").asString())
                    .put("arguments", "{\"city\":\"Paris\"}");
            finish = "tool_calls";
        } else {
            message.put("content", text);
        }
        if (body.path("stream").asBoolean(false)) {
            StringBuilder sse = new StringBuilder();
            for (String piece : new String[] {"Answer from ", model, " streamed."}) {
                sse.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"")
                        .append(model)
                        .append("\",\"choices\":[{\"index\":0,\"delta\":{\"content\":")
                        .append(JSON.writeValueAsString(piece))
                        .append("},\"finish_reason\":null}]}\n\n");
            }
            sse.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"")
                    .append(model)
                    .append("\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],")
                    .append("\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}\n\n")
                    .append("data: [DONE]\n\n");
            send(exchange, 200, "text/event-stream", sse.toString());
            return;
        }
        ObjectNode answer = JSON.createObjectNode()
                .put("id", "chatcmpl-fake")
                .put("object", "chat.completion")
                .put("created", 1_700_000_000)
                .put("model", model);
        answer.putArray("choices")
                .addObject()
                .put("index", 0)
                .put("finish_reason", finish)
                .set("message", message);
        answer.putObject("usage")
                .put("prompt_tokens", 10)
                .put("completion_tokens", 5)
                .put("total_tokens", 15);
        send(exchange, 200, "application/json", JSON.writeValueAsString(answer));
    }

    /** The extraction JSON for the lines {@code [i] speaker: text} of {@code prompt}. */
    private static String extraction(String prompt) {
        ObjectNode answer = JSON.createObjectNode();
        var listed = answer.putArray("messages");
        Matcher line = Pattern.compile("(?m)^\\[(\\d+)] ([^:]+): (.*)$").matcher(prompt);
        while (line.find()) {
            ObjectNode message = listed.addObject().put("index", Integer.parseInt(line.group(1)));
            String speaker = line.group(2);
            Matcher names = Pattern.compile("\\b[A-Z][a-z]+\\b").matcher(line.group(3));
            String last = null;
            while (names.find()) {
                last = names.group();
            }
            message.putArray("entities").addObject().put("name", speaker).put("type", "PERSON");
            var facts = message.putArray("facts");
            if (last != null) {
                facts.addObject()
                        .put("subject", speaker)
                        .put("predicate", "told_the_model")
                        .put("object", last)
                        .put("functional", false)
                        .putNull("when")
                        .put("evidence", line.group(3));
            }
        }
        return JSON.writeValueAsString(answer);
    }
}
