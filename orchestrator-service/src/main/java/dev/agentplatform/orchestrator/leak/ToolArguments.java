package dev.agentplatform.orchestrator.leak;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A function call's arguments under the leak check. They are a way out for what a system prompt
 * holds (a search query or a message to post carries it to a third party), so they are screened as
 * an answer is: the text as the model wrote it, and each name and string value as the tool will read
 * it (JSON escapes undone). Redaction works on the string values, so the arguments stay JSON.
 */
final class ToolArguments {

    private static final JsonMapper JSON = JsonMapper.shared();

    private ToolArguments() {}

    /** What {@code arguments} give away; the first kind found, else {@code null}. */
    static LeakScreen.Kind find(LeakScreen screen, String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return null;
        }
        LeakScreen.Kind raw = screen.find(arguments);
        if (raw != null) {
            return raw;
        }
        JsonNode tree = parse(arguments);
        return tree == null ? null : findIn(screen, tree);
    }

    /**
     * {@code arguments} with every stretch that gives something away in a string value replaced by
     * {@link OutputLeakGuard#REDACTED}; {@code null} when that does not leave them clean (a leak in a
     * property name, or across values).
     */
    static String redact(LeakScreen screen, String arguments) {
        JsonNode tree = parse(arguments);
        String redacted = tree == null ? screen.redact(arguments) : JSON.writeValueAsString(redactIn(screen, tree));
        return find(screen, redacted) == null ? redacted : null;
    }

    private static JsonNode parse(String arguments) {
        try {
            return JSON.readTree(arguments);
        } catch (JacksonException e) {
            // not JSON: the model's text is screened as it is
            return null;
        }
    }

    private static LeakScreen.Kind findIn(LeakScreen screen, JsonNode node) {
        if (node.isString()) {
            return screen.find(node.stringValue());
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                LeakScreen.Kind kind = screen.find(property.getKey());
                if (kind == null) {
                    kind = findIn(screen, property.getValue());
                }
                if (kind != null) {
                    return kind;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode value : node.values()) {
                LeakScreen.Kind kind = findIn(screen, value);
                if (kind != null) {
                    return kind;
                }
            }
        }
        return null;
    }

    private static JsonNode redactIn(LeakScreen screen, JsonNode node) {
        if (node.isString()) {
            return JsonNodeFactory.instance.stringNode(screen.redact(node.stringValue()));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                copy.set(property.getKey(), redactIn(screen, property.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (JsonNode value : node.values()) {
                copy.add(redactIn(screen, value));
            }
            return copy;
        }
        return node;
    }
}
