package dev.agentplatform.gateway.chat;

import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ModelParameters;
import dev.agentplatform.common.TaskRequest;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.common.TokenUsage;
import dev.agentplatform.gateway.chat.ChatCompletion.Chunk;
import dev.agentplatform.gateway.chat.ChatCompletion.ChunkChoice;
import dev.agentplatform.gateway.chat.ChatCompletion.Delta;
import dev.agentplatform.gateway.chat.ChatCompletion.Usage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Translation between the OpenAI chat completion shapes and the platform's task contracts. */
public final class ChatCompletions {

    static final String OBJECT = "chat.completion";
    static final String CHUNK_OBJECT = "chat.completion.chunk";
    static final String STOP = "stop";
    static final String TOOL_CALLS = "tool_calls";
    static final String FUNCTION = "function";
    static final String ASSISTANT = "assistant";

    /** Canonical JSON for cache keys: map members sorted by key. */
    private static final JsonMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /** A word with the whitespace before it, so the pieces of a text join back into it exactly. */
    private static final Pattern WORD = Pattern.compile("\\s*\\S+");

    private ChatCompletions() {}

    /**
     * The task for an OpenAI request: the prompt and context of its conversation ({@link
     * Conversation}) and every answer-shaping member as {@link dev.agentplatform.common.ModelParameters}.
     */
    public static TaskRequest toTask(ChatCompletionRequest request, String userId, String conversationId) {
        Conversation conversation = Conversation.of(request.messages());
        return new TaskRequest(
                conversation.prompt(),
                userId,
                conversationId,
                null,
                null,
                null,
                null,
                conversation.messages(),
                request.model(),
                null,
                Parameters.of(request));
    }

    /**
     * The request as canonical JSON for the exact cache key: every member that can change the
     * answer (the messages with their names and tool calls, every model parameter), in a fixed
     * order, nested maps sorted by key, numbers as parsed. The conversation id is part of it, since
     * a conversation's memory shapes the answer.
     */
    public static byte[] canonical(ChatCompletionRequest request, String conversationId) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("model", request.model());
        List<ChatMessage> messages = new ArrayList<>(request.messages().size());
        for (ChatCompletionRequest.Message message : request.messages()) {
            messages.add(Conversation.message(message));
        }
        canonical.put("messages", messages);
        canonical.put("parameters", Parameters.of(request));
        canonical.put("parallel_tool_calls", request.parallelToolCalls());
        canonical.put("stream", request.isStream());
        canonical.put("include_usage", request.includeUsageInStream());
        canonical.put("conversation", conversationId);
        return CANONICAL_JSON.writeValueAsBytes(canonical);
    }

    /**
     * The semantic cache scope of a request: its tenant scope, narrowed by everything besides the
     * prompt that shapes the answer (system messages, every model parameter), so a paraphrase is
     * served only an answer given under the same instructions.
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
        ModelParameters parameters = Parameters.of(request);
        if (parameters != null) {
            context.put("parameters", parameters);
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
     * Whether a request belongs in the semantic cache: single-turn (one user message, optionally
     * after system messages), where a paraphrase stands for the whole request, with no tools and no
     * JSON answer format, whose answers a paraphrase must not be served.
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
        return users == 1
                && !request.hasTools()
                && (request.responseFormat() == null
                        || !request.responseFormat().wantsJson());
    }

    /** The OpenAI answer for a task result. */
    public static ChatCompletion toCompletion(TaskResult result, String requestedModel, long created) {
        return new ChatCompletion(
                id(result),
                OBJECT,
                created,
                model(result, requestedModel),
                List.of(new ChatCompletion.Choice(0, message(result), finishReason(result))),
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
        for (Delta delta : toolCallDeltas(result)) {
            chunks.add(chunk(id, created, model, delta, null));
        }
        chunks.add(chunk(id, created, model, new Delta(null, null), finishReason(result)));
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

    /**
     * The answer's message: its text, or, when the model called the client's tools, those calls
     * with no content (as OpenAI answers them).
     */
    static ChatCompletion.Message message(TaskResult result) {
        if (!callsTools(result)) {
            return new ChatCompletion.Message(ASSISTANT, content(result));
        }
        List<ChatCompletion.ToolCall> calls = new ArrayList<>();
        for (ChatMessage.ToolCall call : result.requestedToolCalls()) {
            calls.add(toolCall(null, call));
        }
        String content = result.content() == null || result.content().isEmpty() ? null : result.content();
        return new ChatCompletion.Message(ASSISTANT, content, calls);
    }

    /** The stream deltas of the client's tool calls the model made, one a call with its index. */
    public static List<Delta> toolCallDeltas(TaskResult result) {
        if (!callsTools(result)) {
            return List.of();
        }
        List<Delta> deltas = new ArrayList<>();
        List<ChatMessage.ToolCall> calls = result.requestedToolCalls();
        for (int i = 0; i < calls.size(); i++) {
            deltas.add(new Delta(null, null, List.of(toolCall(i, calls.get(i)))));
        }
        return deltas;
    }

    /** Whether the model called the client's tools: such an answer is never cached. */
    public static boolean callsTools(TaskResult result) {
        return result.requestedToolCalls() != null
                && !result.requestedToolCalls().isEmpty();
    }

    /** Why the answer ended, as the result says; {@code stop} when it does not. */
    public static String finishReason(TaskResult result) {
        if (result.finishReason() != null && !result.finishReason().isBlank()) {
            return result.finishReason();
        }
        return callsTools(result) ? TOOL_CALLS : STOP;
    }

    private static ChatCompletion.ToolCall toolCall(Integer index, ChatMessage.ToolCall call) {
        return new ChatCompletion.ToolCall(
                index,
                call.id(),
                FUNCTION,
                new ChatCompletion.Function(call.name(), call.arguments() == null ? "{}" : call.arguments()));
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
