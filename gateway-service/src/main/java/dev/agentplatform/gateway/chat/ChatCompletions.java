package dev.agentplatform.gateway.chat;

import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.TaskRequest;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.common.TokenUsage;
import dev.agentplatform.gateway.chat.ChatCompletion.Chunk;
import dev.agentplatform.gateway.chat.ChatCompletion.ChunkChoice;
import dev.agentplatform.gateway.chat.ChatCompletion.Delta;
import dev.agentplatform.gateway.chat.ChatCompletion.Usage;
import dev.agentplatform.support.PlatformException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Translation between the OpenAI chat completion shapes and the platform's task contracts. */
public final class ChatCompletions {

    static final String OBJECT = "chat.completion";
    static final String CHUNK_OBJECT = "chat.completion.chunk";
    static final String STOP = "stop";
    static final String ASSISTANT = "assistant";

    /** Canonical JSON for cache keys: map members sorted by key. */
    private static final JsonMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /** A word with the whitespace before it, so the pieces of a text join back into it exactly. */
    private static final Pattern WORD = Pattern.compile("\\s*\\S+");

    private ChatCompletions() {}

    /**
     * The task for an OpenAI request: the last user message is the prompt, every other message
     * travels along in order as context.
     */
    public static TaskRequest toTask(ChatCompletionRequest request, String userId, String conversationId) {
        List<ChatCompletionRequest.Message> messages = request.messages();
        int last = -1;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                last = i;
                break;
            }
        }
        if (last < 0 || messages.get(last).text().isBlank()) {
            throw new PlatformException(
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST,
                    "Invalid request",
                    "messages must contain a user message with text");
        }
        List<ChatMessage> context = new ArrayList<>(messages.size() - 1);
        for (int i = 0; i < messages.size(); i++) {
            if (i != last) {
                context.add(
                        new ChatMessage(messages.get(i).role(), messages.get(i).text()));
            }
        }
        return new TaskRequest(
                messages.get(last).text(),
                userId,
                conversationId,
                null,
                null,
                null,
                null,
                context.isEmpty() ? null : context,
                request.model());
    }

    /**
     * The request as canonical JSON for the exact cache key: every member that can change the
     * answer, in a fixed order, nested maps sorted by key, numbers as parsed. The conversation id
     * is part of it, since a conversation's memory shapes the answer.
     */
    public static byte[] canonical(ChatCompletionRequest request, String conversationId) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("model", request.model());
        List<Map<String, Object>> messages = new ArrayList<>(request.messages().size());
        for (ChatCompletionRequest.Message message : request.messages()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", message.role());
            m.put("content", message.text());
            if (message.name() != null) {
                m.put("name", message.name());
            }
            messages.add(m);
        }
        canonical.put("messages", messages);
        canonical.put("temperature", request.temperature());
        canonical.put("top_p", request.topP());
        canonical.put("max_tokens", request.maxTokens());
        canonical.put("tools", request.tools());
        canonical.put("response_format", request.responseFormat());
        canonical.put("stream", request.isStream());
        canonical.put("include_usage", request.includeUsageInStream());
        canonical.put("conversation", conversationId);
        return CANONICAL_JSON.writeValueAsBytes(canonical);
    }

    /**
     * The semantic cache scope of a request: its tenant scope, narrowed by everything besides the
     * prompt that shapes the answer (system messages, sampling, length), so a paraphrase is served
     * only an answer given under the same instructions.
     */
    public static String semanticScope(String scope, ChatCompletionRequest request) {
        Map<String, Object> context = new LinkedHashMap<>();
        List<String> system = new ArrayList<>();
        for (ChatCompletionRequest.Message message : request.messages()) {
            if (!"user".equals(message.role())) {
                system.add(message.role() + ":" + message.text());
            }
        }
        if (!system.isEmpty()) {
            context.put("system", system);
        }
        if (request.temperature() != null) {
            context.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            context.put("top_p", request.topP());
        }
        if (request.maxTokens() != null) {
            context.put("max_tokens", request.maxTokens());
        }
        if (context.isEmpty()) {
            return scope;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL_JSON.writeValueAsBytes(context));
            return scope + "#" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * Whether a request is single-turn (one user message, optionally after system messages): only
     * those are looked up and stored in the semantic cache, where a paraphrase stands for the whole
     * request.
     */
    public static boolean singleTurn(ChatCompletionRequest request) {
        int users = 0;
        for (ChatCompletionRequest.Message message : request.messages()) {
            switch (message.role()) {
                case "user" -> users++;
                case "system", "developer" -> {}
                default -> {
                    return false;
                }
            }
        }
        return users == 1 && request.tools() == null && request.responseFormat() == null;
    }

    /** The OpenAI answer for a task result. */
    public static ChatCompletion toCompletion(TaskResult result, String requestedModel, long created) {
        return new ChatCompletion(
                id(result),
                OBJECT,
                created,
                model(result, requestedModel),
                List.of(new ChatCompletion.Choice(0, new ChatCompletion.Message(ASSISTANT, content(result)), STOP)),
                usage(result));
    }

    /**
     * The chunks of a streamed answer: the role, the content a few words at a time, the finish
     * reason, and the usage when asked for. {@code data: [DONE]} is the caller's to add.
     */
    public static List<Chunk> toChunks(
            TaskResult result, String requestedModel, long created, int wordsPerChunk, boolean includeUsage) {
        String id = id(result);
        String model = model(result, requestedModel);
        List<Chunk> chunks = new ArrayList<>();
        chunks.add(chunk(id, created, model, new Delta(ASSISTANT, ""), null));
        for (String piece : pieces(content(result), wordsPerChunk)) {
            chunks.add(chunk(id, created, model, new Delta(null, piece), null));
        }
        chunks.add(chunk(id, created, model, new Delta(null, null), STOP));
        if (includeUsage) {
            chunks.add(new Chunk(id, CHUNK_OBJECT, created, model, List.of(), usage(result)));
        }
        return chunks;
    }

    /** {@code text} in pieces of {@code words} words each; joined, the pieces are {@code text}. */
    static List<String> pieces(String text, int words) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        Matcher matcher = WORD.matcher(text);
        int count = 0;
        int end = 0;
        while (matcher.find()) {
            piece.append(matcher.group());
            end = matcher.end();
            if (++count == words) {
                pieces.add(piece.toString());
                piece.setLength(0);
                count = 0;
            }
        }
        piece.append(text, end, text.length());
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
        }
        return pieces;
    }

    /** A chunk with one choice. */
    public static Chunk chunk(String id, long created, String model, Delta delta, String finishReason) {
        return new Chunk(id, CHUNK_OBJECT, created, model, List.of(new ChunkChoice(0, delta, finishReason)), null);
    }

    private static String id(TaskResult result) {
        return "chatcmpl-" + result.taskId();
    }

    private static String model(TaskResult result, String requestedModel) {
        return result.model() != null ? result.model() : requestedModel;
    }

    private static String content(TaskResult result) {
        return result.content() == null ? "" : result.content();
    }

    /** The usage of a task result, in OpenAI terms. */
    public static Usage usage(TaskResult result) {
        TokenUsage usage = result.usage() == null ? TokenUsage.NONE : result.usage();
        return new Usage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens());
    }
}
