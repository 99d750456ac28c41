package dev.agentplatform.gateway.chat;

import dev.agentplatform.common.TaskResult;
import dev.agentplatform.gateway.chat.ChatCompletion.Chunk;
import dev.agentplatform.gateway.chat.ChatCompletion.Delta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One streamed answer in OpenAI frames, built as the router's events arrive: the first piece of
 * the answer is preceded by a chunk carrying the role, every piece is one {@code chat.completion.chunk},
 * the finished task adds the client's tool calls the model made ({@code delta.tool_calls}, one
 * chunk a call with its index), the chunk with {@code finish_reason}, the usage chunk when asked for and
 * {@code data: [DONE]}. An answer that breaks off ends with {@code data: {"error": {...}}} and no
 * {@code [DONE]}, so no client takes a cut answer for a finished one. Frames are written by hand:
 * Spring's SSE writer omits the space after {@code data:} that OpenAI clients and line-oriented
 * tools expect.
 */
public final class ChunkStream {

    private final JsonMapper json;
    private final String id;
    private final String model;
    private final long created;
    private final boolean includeUsage;
    private boolean started;

    public ChunkStream(JsonMapper json, String id, String model, long created, boolean includeUsage) {
        this.json = json;
        this.id = id;
        this.model = model;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    /** The frames for one piece of the answer. */
    public List<byte[]> delta(String content) {
        List<byte[]> frames = new ArrayList<>(2);
        if (!started) {
            started = true;
            frames.add(chunk(new Delta(ChatCompletions.ASSISTANT, ""), null));
        }
        frames.add(chunk(new Delta(null, content), null));
        return frames;
    }

    /** The frames that finish the answer. */
    public List<byte[]> finish(TaskResult result) {
        List<byte[]> frames = new ArrayList<>(4);
        String content = result.content() == null ? "" : result.content();
        if (!started && content.isEmpty() && ChatCompletions.callsTools(result)) {
            started = true;
            frames.add(chunk(new Delta(ChatCompletions.ASSISTANT, null), null));
        } else if (!started) {
            frames.addAll(delta(content));
        }
        for (Delta call : ChatCompletions.toolCallDeltas(result)) {
            frames.add(chunk(call, null));
        }
        frames.add(chunk(new Delta(null, null), ChatCompletions.finishReason(result)));
        if (includeUsage) {
            frames.add(frame(json.writeValueAsString(new Chunk(
                    id, ChatCompletions.CHUNK_OBJECT, created, model, List.of(), ChatCompletions.usage(result)))));
        }
        frames.add(frame("[DONE]"));
        return frames;
    }

    /** The frame that ends an answer that broke off, from the problem that says why. */
    public byte[] error(JsonNode problem) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", text(problem, "detail", "The answer broke off"));
        error.put("type", text(problem, "type", "upstream_failure"));
        error.put(
                "code",
                problem != null && problem.has("status") ? problem.get("status").asInt() : 502);
        return frame(json.writeValueAsString(Map.of("error", error)));
    }

    private static String text(JsonNode node, String field, String otherwise) {
        return node != null && node.hasNonNull(field) ? node.get(field).asString() : otherwise;
    }

    private byte[] chunk(Delta delta, String finishReason) {
        return frame(json.writeValueAsString(ChatCompletions.chunk(id, created, model, delta, finishReason)));
    }

    /** One server-sent event frame carrying {@code data}. */
    public static byte[] frame(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
