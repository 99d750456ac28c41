package dev.agentplatform.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolSchemasTest {

    @Test
    void convertsAnMcpInputSchemaWithEveryCommonKind() {
        Map<String, Object> schema = Map.of(
                "$schema",
                "http://json-schema.org/draft-07/schema#",
                "type",
                "object",
                "properties",
                Map.of(
                        "path", Map.of("type", "string", "description", "Where to read"),
                        "head", Map.of("type", "integer"),
                        "ratio", Map.of("type", "number"),
                        "recursive", Map.of("type", "boolean"),
                        "mode", Map.of("type", "string", "enum", List.of("text", "binary")),
                        "excludes", Map.of("type", "array", "items", Map.of("type", "string")),
                        "limits", Map.of("type", "object", "properties", Map.of("max", Map.of("type", "integer"))),
                        "tail", Map.of("type", List.of("integer", "null")),
                        "either", Map.of("anyOf", List.of(Map.of("type", "string"), Map.of("type", "number")))),
                "required",
                List.of("path"),
                "additionalProperties",
                false);

        ToolSpecification spec = ToolSchemas.specification(new LlmTool("filesystem__read", "Reads a file", schema));

        assertThat(spec.name()).isEqualTo("filesystem__read");
        assertThat(spec.description()).isEqualTo("Reads a file");
        JsonObjectSchema parameters = spec.parameters();
        assertThat(parameters.required()).containsExactly("path");
        assertThat(parameters.additionalProperties()).isFalse();
        assertThat(parameters.properties().get("path"))
                .isInstanceOfSatisfying(
                        JsonStringSchema.class, s -> assertThat(s.description()).isEqualTo("Where to read"));
        assertThat(parameters.properties().get("head")).isInstanceOf(JsonIntegerSchema.class);
        assertThat(parameters.properties().get("ratio")).isInstanceOf(JsonNumberSchema.class);
        assertThat(parameters.properties().get("recursive")).isInstanceOf(JsonBooleanSchema.class);
        assertThat(parameters.properties().get("mode"))
                .isInstanceOfSatisfying(
                        JsonEnumSchema.class, s -> assertThat(s.enumValues()).containsExactly("text", "binary"));
        assertThat(parameters.properties().get("excludes"))
                .isInstanceOfSatisfying(
                        JsonArraySchema.class, s -> assertThat(s.items()).isInstanceOf(JsonStringSchema.class));
        assertThat(parameters.properties().get("limits"))
                .isInstanceOfSatisfying(
                        JsonObjectSchema.class, s -> assertThat(s.properties()).containsOnlyKeys("max"));
        assertThat(parameters.properties().get("tail")).isInstanceOf(JsonIntegerSchema.class);
        assertThat(parameters.properties().get("either"))
                .isInstanceOfSatisfying(
                        JsonAnyOfSchema.class,
                        s -> assertThat(s.anyOf())
                                .hasExactlyElementsOfTypes(JsonStringSchema.class, JsonNumberSchema.class));
    }

    @Test
    void aToolWithoutArgumentsOrDescriptionStillHasAnObjectSchema() {
        ToolSpecification spec = ToolSchemas.specification(new LlmTool("clock__now", null, Map.of("type", "object")));

        assertThat(spec.description()).isNull();
        assertThat(spec.parameters().properties()).isEmpty();
    }

    @Test
    void aSchemaItCannotReadBecomesADescribedString() {
        assertThat(ToolSchemas.element(Map.of("$ref", "#/definitions/x", "description", "a reference")))
                .isInstanceOfSatisfying(
                        JsonStringSchema.class, s -> assertThat(s.description()).isEqualTo("a reference"));
    }
}
