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

    public record Message(String role, String content) {}

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
    public record Delta(String role, String content) {}
}
