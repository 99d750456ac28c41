package dev.agentplatform.orchestrator.provider;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a JSON schema, as an MCP server describes a tool's input, into langchain4j's schema
 * elements. Covers what tool inputs use: {@code object} (properties, required,
 * additionalProperties), {@code array} (items), {@code string}, {@code number}, {@code integer},
 * {@code boolean}, {@code null}, {@code enum}, {@code anyOf}/{@code oneOf} and a {@code type} list
 * such as {@code ["string", "null"]} (its first type other than {@code null}) and descriptions.
 * What it does not know ({@code $ref}, a schema without a type) becomes a described string, so a
 * tool stays callable; its server checks the arguments anyway.
 */
final class ToolSchemas {

    private ToolSchemas() {}

    /** The langchain4j tool definition of {@code tool}. */
    static ToolSpecification specification(LlmTool tool) {
        ToolSpecification.Builder builder =
                ToolSpecification.builder().name(tool.name()).parameters(object(tool.parameters()));
        if (tool.description() != null && !tool.description().isBlank()) {
            builder.description(tool.description());
        }
        return builder.build();
    }

    /** The object schema of a tool's arguments; a schema of another type yields an empty object. */
    static JsonObjectSchema object(Map<String, Object> schema) {
        JsonObjectSchema.Builder builder = JsonObjectSchema.builder().description(description(schema));
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            Map<String, JsonSchemaElement> elements = new LinkedHashMap<>();
            properties.forEach((name, property) -> elements.put(String.valueOf(name), element(property)));
            builder.addProperties(elements);
        }
        if (schema.get("required") instanceof List<?> required) {
            builder.required(required.stream().map(String::valueOf).toList());
        }
        if (schema.get("additionalProperties") instanceof Boolean additional) {
            builder.additionalProperties(additional);
        }
        return builder.build();
    }

    /** The element for one (sub)schema. */
    static JsonSchemaElement element(Object value) {
        if (!(value instanceof Map<?, ?> raw)) {
            return JsonStringSchema.builder().build();
        }
        Map<String, Object> schema = stringKeys(raw);
        String description = description(schema);
        if (schema.get("enum") instanceof List<?> values) {
            return JsonEnumSchema.builder()
                    .enumValues(values.stream().map(String::valueOf).toList())
                    .description(description)
                    .build();
        }
        Object alternatives = schema.containsKey("anyOf") ? schema.get("anyOf") : schema.get("oneOf");
        if (alternatives instanceof List<?> options && !options.isEmpty()) {
            List<JsonSchemaElement> elements = new ArrayList<>();
            options.forEach(option -> elements.add(element(option)));
            return JsonAnyOfSchema.builder()
                    .anyOf(elements)
                    .description(description)
                    .build();
        }
        return switch (type(schema)) {
            case "object" -> object(schema);
            case "array" ->
                JsonArraySchema.builder()
                        .items(element(schema.get("items")))
                        .description(description)
                        .build();
            case "number" -> JsonNumberSchema.builder().description(description).build();
            case "integer" ->
                JsonIntegerSchema.builder().description(description).build();
            case "boolean" ->
                JsonBooleanSchema.builder().description(description).build();
            case "null" -> new JsonNullSchema();
            default -> JsonStringSchema.builder().description(description).build();
        };
    }

    private static String type(Map<String, Object> schema) {
        Object type = schema.get("type");
        if (type instanceof List<?> types) {
            return types.stream()
                    .map(String::valueOf)
                    .filter(t -> !"null".equals(t))
                    .findFirst()
                    .orElse("null");
        }
        if (type == null) {
            return schema.containsKey("properties") ? "object" : "string";
        }
        return String.valueOf(type);
    }

    private static String description(Map<String, Object> schema) {
        return schema.get("description") instanceof String description && !description.isBlank() ? description : null;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> raw) {
        Map<String, Object> schema = new LinkedHashMap<>();
        raw.forEach((key, value) -> schema.put(String.valueOf(key), value));
        return schema;
    }
}
