package dev.agentplatform.gateway.guard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message of a request as the guard reads it.
 *
 * @param index its position in the request's {@code messages}, or {@code null} for the native prompt
 * @param role its role
 * @param texts every text of it a model will read, by field ({@code content}, {@code content[1]},
 *     {@code name}, ...)
 */
public record GuardedMessage(Integer index, String role, Map<String, String> texts) {

    /** The field of a message's whole content: its string, or its text parts joined. */
    public static final String CONTENT = "content";

    public GuardedMessage {
        texts = Collections.unmodifiableMap(new LinkedHashMap<>(texts));
    }

    /** A message with content and, when given, a name. */
    public static GuardedMessage of(Integer index, String role, String content, String name) {
        return of(index, role, content, null, name);
    }

    /**
     * A message with content and, when given, a name; content sent as several text parts is read
     * joined ({@code content}) and each part by itself ({@code content[j]}, {@code j} its position in
     * the array), so an injection in one part is judged as it would be alone and one split over
     * parts is judged whole.
     *
     * @param parts the content's parts in the request's order, {@code null} at a part that is not
     *     text; {@code null} for string content
     */
    public static GuardedMessage of(Integer index, String role, String content, List<String> parts, String name) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put(CONTENT, content);
        if (parts != null && parts.stream().filter(part -> part != null).count() > 1) {
            for (int j = 0; j < parts.size(); j++) {
                if (parts.get(j) != null) {
                    texts.put(CONTENT + "[" + j + "]", parts.get(j));
                }
            }
        }
        if (name != null) {
            texts.put("name", name);
        }
        return new GuardedMessage(index, role, texts);
    }

    /**
     * Whether the guard reads {@code field} with its sentence embedding as well as its words: the
     * content and its parts (prose a model reads), not a name or a tool call's JSON arguments.
     */
    public static boolean readsMeaning(String field) {
        return field.equals(CONTENT) || field.startsWith(CONTENT + "[");
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
