package dev.agentplatform.gateway.chat;

import dev.agentplatform.support.text.PlainText;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A message's content as OpenAI allows it: a string, or an array of content parts
 * ({@code [{"type": "text", "text": "..."}]}). Only text parts are supported (the validate step
 * refuses other part types with a 400 problem naming the part); the text a model sees, the caches
 * key on and the guard reads is the parts' texts joined by a newline.
 *
 * @param text the string, or the text parts joined
 * @param parts the parts as sent, or {@code null} for string content
 */
@JsonDeserialize(using = MessageContent.Reader.class)
public record MessageContent(@Size(max = 100_000) String text, List<Part> parts) {

    /** The only part type the gateway takes. */
    public static final String TEXT = "text";

    /**
     * One content part; members other than these (an {@code image_url} object, ...) are ignored.
     *
     * @param type the part's type
     * @param text its text, for a text part
     */
    public record Part(String type, String text) {}

    /** String content. */
    public static MessageContent of(String text) {
        return new MessageContent(text, null);
    }

    /** Content given as parts: the text parts' texts joined by a newline. */
    public static MessageContent ofParts(List<Part> parts) {
        String text = parts.stream()
                .filter(part -> part != null && TEXT.equals(part.type()) && part.text() != null)
                .map(Part::text)
                .collect(Collectors.joining("\n"));
        return new MessageContent(text, parts);
    }

    /** Reads a string or an array of parts; anything else is a type error (400). */
    static final class Reader extends ValueDeserializer<MessageContent> {

        @Override
        public MessageContent deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                // read by hand, so the platform rule for text is applied by hand
                return of(PlainText.clean(parser.getString()));
            }
            if (parser.currentToken() == JsonToken.START_ARRAY) {
                List<Part> parts = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    parts.add(
                            parser.currentToken() == JsonToken.VALUE_NULL
                                    ? null
                                    : context.readValue(parser, Part.class));
                }
                return ofParts(parts);
            }
            return (MessageContent) context.handleUnexpectedToken(MessageContent.class, parser);
        }
    }
}
