package dev.agentplatform.gateway.chat;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI chat completion request as the gateway takes it: every member the platform honours
 * (they travel to the provider as {@link dev.agentplatform.common.ModelParameters}), and the members
 * it cannot honour, read only so the validate step can refuse them by name ({@link
 * UnsupportedFields}). Other members are ignored, as OpenAI-compatible servers commonly do.
 *
 * @param model {@code auto}, an agent, a team or a catalog model id
 * @param messages the conversation, oldest first; the last user message is the prompt
 * @param temperature sampling temperature, 0 to 2
 * @param topP nucleus sampling, 0 to 1
 * @param maxTokens most tokens to produce (the older name of {@code max_completion_tokens})
 * @param maxCompletionTokens most tokens to produce; wins over {@code max_tokens}
 * @param stop up to 4 sequences that end the answer, a string or an array
 * @param seed a seed for repeatable sampling
 * @param presencePenalty -2 to 2
 * @param frequencyPenalty -2 to 2
 * @param user the client's own end-user id, passed to the provider; the API key decides the user
 * @param responseFormat the answer's format
 * @param tools the functions the model may call
 * @param toolChoice {@code auto}, {@code none}, {@code required} or one function
 * @param parallelToolCalls accepted; whether the model may call several tools at once
 * @param stream whether to answer as a server-sent event stream
 * @param streamOptions streaming options
 * @param n how many answers; only 1 is supported
 * @param logprobs unsupported when {@code true}
 * @param topLogprobs unsupported when above 0
 * @param logitBias unsupported when not empty
 * @param audio unsupported
 * @param modalities only {@code ["text"]} is supported
 * @param prediction unsupported
 * @param functions deprecated by OpenAI, unsupported: {@code tools} says the same
 * @param functionCall deprecated by OpenAI, unsupported: {@code tool_choice} says the same
 */
public record ChatCompletionRequest(
        @NotBlank @Size(max = 200) String model,
        @NotEmpty @Size(max = 500) List<@NotNull @Valid Message> messages,
        @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,

        @JsonProperty("top_p") @DecimalMin("0.0") @DecimalMax("1.0")
        Double topP,

        @JsonProperty("max_tokens") @Positive Integer maxTokens,
        @JsonProperty("max_completion_tokens") @Positive Integer maxCompletionTokens,

        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @Size(max = 4)
        List<@NotEmpty @Size(max = 200) String> stop,

        Long seed,

        @JsonProperty("presence_penalty") @DecimalMin("-2.0") @DecimalMax("2.0")
        Double presencePenalty,

        @JsonProperty("frequency_penalty") @DecimalMin("-2.0") @DecimalMax("2.0")
        Double frequencyPenalty,

        @Size(max = 200) String user,
        @JsonProperty("response_format") @Valid ResponseFormat responseFormat,
        @Size(max = 128) List<@NotNull @Valid Tool> tools,
        @JsonProperty("tool_choice") @Valid ToolChoice toolChoice,
        @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        Integer n,
        Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        @JsonProperty("logit_bias") Map<String, Object> logitBias,
        Object audio,
        List<Object> modalities,
        Object prediction,
        Object functions,
        @JsonProperty("function_call") Object functionCall) {

    /** A request with only a model and messages. */
    public static ChatCompletionRequest of(String model, List<Message> messages) {
        return new ChatCompletionRequest(
                model, messages, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    public boolean isStream() {
        return Boolean.TRUE.equals(stream);
    }

    public boolean includeUsageInStream() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /** The most tokens to produce: {@code max_completion_tokens}, else {@code max_tokens}, else {@code null}. */
    public Integer effectiveMaxTokens() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    /** Whether the request offers the model tools. */
    public boolean hasTools() {
        return tools != null && !tools.isEmpty();
    }

    /**
     * One message.
     *
     * @param role who wrote it
     * @param content the text, as a string or as text parts; {@code null} only for an assistant turn
     *     with tool calls
     * @param name an optional author name
     * @param toolCalls the functions an assistant turn called
     * @param toolCallId which call a {@code tool} message answers
     */
    public record Message(
            @NotBlank
            @Pattern(
                    regexp = "system|developer|user|assistant|tool",
                    message = "must be one of system, developer, user, assistant, tool")
            String role,

            @Valid MessageContent content,
            @Size(max = 200) String name,
            @JsonProperty("tool_calls") @Size(max = 128) List<@NotNull @Valid ToolCall> toolCalls,
            @JsonProperty("tool_call_id") @Size(max = 200) String toolCallId) {

        /** A message with string content. */
        public Message(String role, String content, String name) {
            this(role, content == null ? null : MessageContent.of(content), name, null, null);
        }

        /** The text a model sees of this message; empty when it has none. */
        public String text() {
            return content == null ? "" : content.text();
        }

        /** Whether this is an assistant turn that called tools. */
        public boolean callsTools() {
            return toolCalls != null && !toolCalls.isEmpty();
        }
    }

    /**
     * A function call of an assistant turn.
     *
     * @param id the call's id
     * @param type {@code function}
     * @param function what was called
     */
    public record ToolCall(
            @NotBlank @Size(max = 200) String id,

            @Pattern(regexp = "function", message = "must be function")
            String type,

            @NotNull @Valid FunctionCall function) {}

    /**
     * The function of a call.
     *
     * @param name the function
     * @param arguments its arguments, JSON as text
     */
    public record FunctionCall(
            @NotBlank @Size(max = 64) String name,
            @Size(max = 100_000) String arguments) {}

    /**
     * A tool the model may call.
     *
     * @param type {@code function}
     * @param function the function
     */
    public record Tool(
            @NotNull @Pattern(regexp = "function", message = "must be function")
            String type,

            @NotNull @Valid Function function) {}

    /**
     * A function the model may call.
     *
     * @param name its name
     * @param description what it does
     * @param parameters its arguments as a JSON schema
     * @param strict whether calls must follow the schema exactly (accepted)
     */
    public record Function(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1 to 64 of A-Z a-z 0-9 _ -")
            String name,

            @Size(max = 4000) String description,
            Map<String, Object> parameters,
            Boolean strict) {}

    /**
     * The answer's format.
     *
     * @param type {@code text}, {@code json_object} or {@code json_schema}
     * @param jsonSchema the schema, for {@code json_schema}
     */
    public record ResponseFormat(
            @NotNull
            @Pattern(regexp = "text|json_object|json_schema", message = "must be text, json_object or json_schema")
            String type,

            @JsonProperty("json_schema") @Valid JsonSchema jsonSchema) {

        /** Whether the answer must be JSON. */
        public boolean wantsJson() {
            return !"text".equals(type);
        }
    }

    /**
     * A JSON schema the answer must follow.
     *
     * @param name its name
     * @param description what it is for (accepted)
     * @param schema the schema
     * @param strict whether it must be followed exactly
     */
    public record JsonSchema(
            @NotBlank @Size(max = 64) String name,
            @Size(max = 4000) String description,
            Map<String, Object> schema,
            Boolean strict) {}

    /**
     * Streaming options.
     *
     * @param includeUsage whether to send a last chunk with the token usage
     */
    public record StreamOptions(
            @JsonProperty("include_usage") Boolean includeUsage) {}
}
