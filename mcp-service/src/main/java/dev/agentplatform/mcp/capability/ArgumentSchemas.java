package dev.agentplatform.mcp.capability;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a call's arguments against its tool's input JSON Schema before any server is called (networknt
 * json-schema-validator; draft 2020-12 unless the schema names its {@code $schema}; nothing is fetched from the
 * network). Arguments that fail are a 400 problem naming each failing field. A schema the validator cannot compile
 * is logged once and not enforced: the server still checks what it receives.
 */
@Component
class ArgumentSchemas {

    private static final Logger log = LoggerFactory.getLogger(ArgumentSchemas.class);
    private static final int MAX_REPORTED = 10;
    /** Keywords whose errors are about a property of the object at their location rather than the object. */
    private static final java.util.Set<String> NAMES_A_PROPERTY =
            java.util.Set.of("required", "dependentRequired", "additionalProperties", "unevaluatedProperties");

    private final JsonMapper json;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    /** Compiled schemas by their JSON text; empty for one that does not compile. */
    private final Cache<String, Optional<Schema>> compiled =
            Caffeine.newBuilder().maximumSize(1_000).build();
    /**
     * The same, by the schema object itself (identity: weak keys): a server's listed schema and a configured one are
     * the same object call after call, so a call needs neither the schema's JSON text nor a lookup by it.
     */
    private final Cache<Map<String, Object>, Optional<Schema>> bySchema =
            Caffeine.newBuilder().weakKeys().maximumSize(1_000).build();

    ArgumentSchemas(JsonMapper json) {
        this.json = json;
    }

    /**
     * @throws PlatformException 400 naming the failing fields when {@code arguments} do not satisfy {@code schema}
     */
    void check(String capability, String tool, Map<String, Object> schema, Map<String, Object> arguments) {
        if (schema == null || schema.isEmpty()) {
            return;
        }
        Optional<Schema> compiledSchema =
                bySchema.get(schema, given -> compiled.get(json.writeValueAsString(given), this::compile));
        if (compiledSchema.isEmpty()) {
            return;
        }
        List<Error> errors = compiledSchema.get().validate(json.valueToTree(arguments));
        if (errors.isEmpty()) {
            return;
        }
        LinkedHashSet<String> fields = new LinkedHashSet<>();
        List<String> messages = new ArrayList<>();
        for (Error error : errors) {
            fields.add(field(error));
            if (messages.size() < MAX_REPORTED) {
                messages.add(error.getMessage());
            }
        }
        throw new PlatformException(
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.INVALID_REQUEST,
                        "Invalid tool arguments",
                        "Arguments of tool '" + tool + "' of capability '" + capability + "' do not match its input"
                                + " schema: field" + (fields.size() == 1 ? " " : "s ") + String.join(", ", fields)
                                + " (" + String.join("; ", messages) + ")")
                .property("capability", capability)
                .property("tool", tool)
                .property("fields", List.copyOf(fields));
    }

    /**
     * The argument an error is about, as a JSON path below the arguments ({@code sql}, {@code filter.limit},
     * {@code ids[2]}); a missing required property is named itself; an error about the whole object is {@code $}.
     */
    static String field(Error error) {
        StringBuilder path = new StringBuilder();
        NodePath at = error.getInstanceLocation();
        for (int i = 0; at != null && i < at.getNameCount(); i++) {
            Object element = at.getElement(i);
            if (element instanceof Number index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(element);
            }
        }
        String property = error.getProperty();
        if (property != null && NAMES_A_PROPERTY.contains(error.getKeyword())) {
            path.append(path.isEmpty() ? "" : ".").append(property);
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    private Optional<Schema> compile(String schemaJson) {
        try {
            JsonNode node = json.readTree(schemaJson);
            Schema schema = registry.getSchema(node);
            schema.initializeValidators();
            return Optional.of(schema);
        } catch (RuntimeException e) {
            log.warn("an input schema does not compile, its arguments go unchecked: {} ({})", e.toString(), schemaJson);
            return Optional.empty();
        }
    }
}
