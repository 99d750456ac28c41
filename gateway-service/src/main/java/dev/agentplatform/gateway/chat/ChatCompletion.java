package dev.agentplatform.gateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The OpenAI {@code chat.completion} answer. */
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    public record Choice(
            int index,
            Message message,
            @JsonProperty("finish_reason") String finishReason) {}

    /**
     * The answer's message: {@code content} is written even when null (an answer that only calls
     * tools), {@code tool_calls} only when the model called the client's tools.
     */
    public record Message(
            String role,
            String content,

            @JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_NULL)
            List<ToolCall> toolCalls) {

        /** A text answer. */
        public Message(String role, String content) {
            this(role, content, null);
        }
    }

    /**
     * A call of one of the client's tools.
     *
     * @param index the call's position, in stream deltas only
     * @param id the call's id, which the client's {@code tool} message answers
     * @param type {@code function}
     * @param function the function and its arguments
     */
    public record ToolCall(
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer index, String id, String type, Function function) {}

    /**
     * @param name the function
     * @param arguments its arguments, a JSON object as text
     */
    public record Function(String name, String arguments) {}

    public record Usage(
            @JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens,
            @JsonProperty("total_tokens") int totalTokens) {}

    /**
     * One {@code chat.completion.chunk} of a streamed answer. {@code finish_reason} is written even
     * when null, as OpenAI does; {@code usage} only on the usage chunk.
     */
    public record Chunk(
            String id,
            String object,
            long created,
            String model,
            List<ChunkChoice> choices,
            @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {}

    public record ChunkChoice(
            int index,
            Delta delta,
            @JsonProperty("finish_reason") String finishReason) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(
            String role,
            String content,
            @JsonProperty("tool_calls") List<ToolCall> toolCalls) {

        public Delta(String role, String content) {
            this(role, content, null);
        }
    }
}
