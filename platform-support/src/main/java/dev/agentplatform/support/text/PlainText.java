package dev.agentplatform.support.text;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The platform's one rule for text that arrives from outside: control characters other than tab,
 * line feed and carriage return (C0, DEL and C1) and UTF-16 surrogates without their partner are
 * removed. Neither carries meaning in a prompt or a description, a tokenizer or embedder may take
 * a text of them for blank and fail, PostgreSQL refuses NUL in text, and a lone surrogate cannot be
 * written as UTF-8. What is left is validated as usual, so a text of nothing but such characters is
 * as blank as an empty one (a 400 problem wherever a text is required). Every JSON string a service
 * reads goes through this ({@code StrictJsonConfig}); code that reads JSON as a tree calls it itself.
 */
public final class PlainText {

    private PlainText() {}

    /** {@code text} without the characters this class removes; the same instance when it has none, {@code null} for {@code null}. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        int first = firstRemoved(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() - 1);
        out.append(text, 0, first);
        int length = text.length();
        for (int i = first; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (!removed(text, i)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The tree with every string value {@link #clean cleaned}, in place (objects and arrays are
     * changed, a lone string node is replaced): for code that reads JSON as a tree and passes it on.
     */
    public static JsonNode clean(JsonNode tree) {
        if (tree == null) {
            return null;
        }
        if (tree.isString()) {
            String text = tree.asString();
            return needsCleaning(text) ? StringNode.valueOf(clean(text)) : tree;
        }
        if (tree instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                JsonNode value = member.getValue();
                JsonNode clean = clean(value);
                if (clean != value) {
                    member.setValue(clean);
                }
            }
        } else if (tree instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                JsonNode clean = clean(value);
                if (clean != value) {
                    array.set(i, clean);
                }
            }
        }
        return tree;
    }

    /** Whether {@link #clean} would change {@code text}. */
    public static boolean needsCleaning(String text) {
        return text != null && firstRemoved(text) >= 0;
    }

    private static int firstRemoved(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (removed(text, i)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the char at {@code i}, not the first half of a valid pair, is removed. */
    private static boolean removed(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x20) {
            return c != '\t' && c != '\n' && c != '\r';
        }
        return (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c);
    }
}
