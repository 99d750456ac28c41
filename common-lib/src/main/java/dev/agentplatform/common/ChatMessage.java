package dev.agentplatform.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * One message of a conversation, in the OpenAI role vocabulary.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the message text; empty for an assistant turn that only calls tools
 * @param name the author's name, when the client gave one
 * @param toolCalls the functions an assistant turn called, or {@code null}
 * @param toolCallId which call a {@code tool} message answers, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(
        @NotBlank String role,
        @NotNull String content,
        @Size(max = 200) String name,
        @Size(max = 128) List<@Valid ToolCall> toolCalls,
        @Size(max = 200) String toolCallId) {

    public ChatMessage {
        content = content == null ? "" : content;
        toolCalls = toolCalls == null || toolCalls.isEmpty() ? null : List.copyOf(toolCalls);
    }

    /** A plain message. */
    public ChatMessage(String role, String content) {
        this(role, content, null, null, null);
    }

    /**
     * A function call a model made.
     *
     * @param id the call's id, which the {@code tool} message answering it names
     * @param name the function
     * @param arguments its arguments, a JSON object as text
     */
    public record ToolCall(
            @NotBlank @Size(max = 200) String id,
            @NotBlank @Size(max = 64) String name,
            @Size(max = 100_000) String arguments) {}
}
