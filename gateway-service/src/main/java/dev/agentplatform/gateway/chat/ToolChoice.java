package dev.agentplatform.gateway.chat;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * OpenAI's {@code tool_choice}: a string ({@code auto}, {@code none}, {@code required}) or an
 * object naming one function ({@code {"type": "function", "function": {"name": "..."}}}). The
 * validate step checks that a named function is one the request offers.
 *
 * @param type {@code auto}, {@code none}, {@code required}, or {@code function} for the object form
 * @param function the function's name, for the object form
 */
@JsonDeserialize(using = ToolChoice.Reader.class)
public record ToolChoice(
        @NotNull
        @Pattern(regexp = "auto|none|required|function", message = "must be auto, none, required or a function")
        String type,

        @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1 to 64 of A-Z a-z 0-9 _ -")
        String function) {

    static final String FUNCTION = "function";

    /** Whether this names one function. */
    public boolean namesFunction() {
        return FUNCTION.equals(type);
    }

    /** The value of {@link dev.agentplatform.common.ModelParameters#toolChoice()}: the mode, or the function's name. */
    public String value() {
        return namesFunction() ? function : type;
    }

    /** Reads the string or the object form; anything else is a type error (400). */
    static final class Reader extends ValueDeserializer<ToolChoice> {

        @Override
        public ToolChoice deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                return new ToolChoice(parser.getString(), null);
            }
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                JsonNode node = context.readTree(parser);
                JsonNode type = node.path("type");
                JsonNode name = node.path(FUNCTION).path("name");
                // an object is always the function form: another type fails validation by name
                return new ToolChoice(
                        type.isString() ? type.asString() : null, name.isString() ? name.asString() : null);
            }
            return (ToolChoice) context.handleUnexpectedToken(ToolChoice.class, parser);
        }
    }
}
