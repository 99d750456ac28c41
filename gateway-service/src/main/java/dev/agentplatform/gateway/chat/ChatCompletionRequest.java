package dev.agentplatform.gateway.chat;

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
 * The part of an OpenAI chat completion request the platform understands; other members are
 * ignored, as OpenAI-compatible servers commonly do.
 *
 * @param model {@code auto}, an agent or a team
 * @param messages the conversation, oldest first; the last user message is the prompt
 * @param temperature sampling temperature, 0 to 2
 * @param maxTokens most tokens to produce
 * @param stream whether to answer as a server-sent event stream
 * @param streamOptions streaming options
 * @param user the client's own end-user id; informational only, the API key decides the user
 * @param topP nucleus sampling, 0 to 1
 * @param tools the tools the model may call, as OpenAI defines them; part of the cache key
 * @param responseFormat the answer format asked for; part of the cache key
 */
public record ChatCompletionRequest(
        @NotBlank @Size(max = 200) String model,
        @NotEmpty @Size(max = 500) List<@NotNull @Valid Message> messages,
        @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
        @JsonProperty("max_tokens") @Positive Integer maxTokens,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @Size(max = 200) String user,

        @JsonProperty("top_p") @DecimalMin("0.0") @DecimalMax("1.0")
        Double topP,

        List<Object> tools,
        @JsonProperty("response_format") Map<String, Object> responseFormat) {

    public boolean isStream() {
        return Boolean.TRUE.equals(stream);
    }

    public boolean includeUsageInStream() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /**
     * One message.
     *
     * @param role who wrote it
     * @param content the text, as a string or as text parts
     * @param name an optional author name
     */
    public record Message(
            @NotBlank
            @Pattern(
                    regexp = "system|developer|user|assistant|tool",
                    message = "must be one of system, developer, user, assistant, tool")
            String role,

            @NotNull @Valid MessageContent content,
            @Size(max = 200) String name) {

        /** A message with string content. */
        public Message(String role, String content, String name) {
            this(role, content == null ? null : MessageContent.of(content), name);
        }

        /** The text a model sees of this message. */
        public String text() {
            return content.text();
        }
    }

    /**
     * Streaming options.
     *
     * @param includeUsage whether to send a last chunk with the token usage
     */
    public record StreamOptions(
            @JsonProperty("include_usage") Boolean includeUsage) {}
}
