package dev.agentplatform.orchestrator.provider;

import java.util.Map;

/**
 * A function the model may call, in provider-neutral form; each adapter turns it into its API's
 * tool definition.
 *
 * @param name the function name the model calls it by, unique within one request and matching
 *     {@code ^[a-zA-Z0-9_-]{1,64}$}
 * @param description what it does, or {@code null}
 * @param parameters the JSON schema of its arguments (an object schema)
 */
public record LlmTool(String name, String description, Map<String, Object> parameters) {

    public LlmTool {
        parameters = parameters == null ? Map.of() : parameters;
    }
}
