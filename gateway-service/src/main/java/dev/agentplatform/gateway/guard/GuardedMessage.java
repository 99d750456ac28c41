package dev.agentplatform.gateway.guard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message of a request as the guard reads it.
 *
 * @param index its position in the request's {@code messages}, or {@code null} for the native prompt
 * @param role its role
 * @param texts every text of it a model will read, by field ({@code content}, {@code name}, ...)
 */
public record GuardedMessage(Integer index, String role, Map<String, String> texts) {

    public GuardedMessage {
        texts = Collections.unmodifiableMap(new LinkedHashMap<>(texts));
    }

    /** A message with content and, when given, a name. */
    public static GuardedMessage of(Integer index, String role, String content, String name) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("content", content);
        if (name != null) {
            texts.put("name", name);
        }
        return new GuardedMessage(index, role, texts);
    }

    /** How a problem names the message: {@code messages[2]}, or {@code prompt}. */
    public String field() {
        return field(index);
    }

    /** How a problem names the message at {@code index}: {@code messages[2]}, or {@code prompt} for none. */
    public static String field(Integer index) {
        return index == null ? "prompt" : "messages[" + index + "]";
    }
}
