package dev.agentplatform.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * How the model should answer, as an OpenAI request says it: every field travels from the client
 * to the provider unchanged; {@code null} leaves the provider's default.
 *
 * @param temperature sampling temperature, 0 to 2
 * @param topP nucleus sampling, 0 to 1
 * @param maxTokens the most tokens the answer may have
 * @param stop up to 4 sequences that end the answer
 * @param seed a seed for repeatable sampling, where the provider supports it
 * @param presencePenalty -2 to 2
 * @param frequencyPenalty -2 to 2
 * @param user the client's own end-user id, passed on for the provider's abuse monitoring
 * @param responseFormat the answer's format: {@code text}, {@code json_object} or {@code json_schema}
 * @param tools functions the client offers the model; the model's calls go back to the client
 * @param toolChoice {@code auto}, {@code none}, {@code required}, or the name of one function
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelParameters(
        @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
        @DecimalMin("0.0") @DecimalMax("1.0") Double topP,
        @Positive Integer maxTokens,
        @Size(max = 4) List<@NotEmpty @Size(max = 200) String> stop,
        Long seed,
        @DecimalMin("-2.0") @DecimalMax("2.0") Double presencePenalty,
        @DecimalMin("-2.0") @DecimalMax("2.0") Double frequencyPenalty,
        @Size(max = 200) String user,
        @Valid ResponseFormat responseFormat,
        @Size(max = 128) List<@Valid ToolDefinition> tools,
        @Size(max = 64) String toolChoice) {

    /** No parameters: every provider default. */
    public static final ModelParameters DEFAULTS =
            new ModelParameters(null, null, null, null, null, null, null, null, null, null, null);

    public ModelParameters {
        stop = stop == null || stop.isEmpty() ? null : List.copyOf(stop);
        tools = tools == null || tools.isEmpty() ? null : List.copyOf(tools);
    }

    /** Whether the client offered tools the model may call. */
    @JsonIgnore
    public boolean hasTools() {
        return tools != null && !tools.isEmpty() && !"none".equals(toolChoice);
    }

    /** Whether the answer must be a JSON object ({@code json_object} or {@code json_schema}). */
    @JsonIgnore
    public boolean wantsJson() {
        return responseFormat != null && !"text".equals(responseFormat.type());
    }

    /**
     * The answer's format.
     *
     * @param type {@code text}, {@code json_object} or {@code json_schema}
     * @param name the schema's name ({@code json_schema})
     * @param schema the JSON schema the answer must follow ({@code json_schema})
     * @param strict whether the schema must be followed exactly
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResponseFormat(
            @Pattern(regexp = "text|json_object|json_schema", message = "must be text, json_object or json_schema")
            String type,

            @Size(max = 64) String name,
            Map<String, Object> schema,
            Boolean strict) {}

    /**
     * A function the client offers the model.
     *
     * @param name its name
     * @param description what it does
     * @param parameters its arguments as a JSON schema
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ToolDefinition(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1 to 64 of A-Z a-z 0-9 _ -")
            String name,

            @Size(max = 4000) String description,
            Map<String, Object> parameters) {}
}
