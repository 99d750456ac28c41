package dev.agentplatform.mcp.capability;

import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.mcp.server.McpServers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pinned tool definitions ("rug pull" protection): the SHA-256 of each server tool's name, description and input
 * schema is recorded the first time the tool is seen; a tool whose definition later differs (after a restart or a
 * {@code tools/list_changed}) is quarantined, not offered to models nor called, until an admin approves the new
 * definition. Checked against the server's current tool list on every use, so a change is caught at the first
 * use after the list that carries it.
 */
@Component
class ToolPins {

    private static final Logger log = LoggerFactory.getLogger(ToolPins.class);
    static final String QUARANTINED_METRIC = "mcp.tool.quarantined";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final McpServers servers;
    private final MeterRegistry meters;
    private final PinStore store;
    private final Map<String, String> reported = new ConcurrentHashMap<>();
    /**
     * The hash of the definition each server tool was last checked with: a server's listing is replaced, not
     * changed, when it lists its tools again, so the same definition object has the same hash (every call checks).
     */
    private final Map<String, Hashed> hashes = new ConcurrentHashMap<>();

    private record Hashed(CapabilityTool definition, String hash) {}

    ToolPins(McpServers servers, MeterRegistry meters, PinStore store) {
        this.servers = servers;
        this.meters = meters;
        this.store = store;
    }

    /** Why {@code server}'s {@code tool} must not be used, or empty; pins a tool seen for the first time. */
    Optional<String> quarantined(String server, String tool) {
        Optional<CapabilityTool> spec = servers.toolSpecs(server).stream()
                .filter(candidate -> candidate.name().equals(tool))
                .findFirst();
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        String hash = hashOf(server, tool, spec.get());
        String pinned = store.pinIfAbsent(server, tool, hash);
        if (pinned.equals(hash)) {
            reported.remove(server + "/" + tool);
            return Optional.empty();
        }
        if (!hash.equals(reported.put(server + "/" + tool, hash))) {
            log.warn(
                    "MCP server {} changed the definition of tool {} since it was approved (pinned {}, now {}); "
                            + "quarantined until an admin approves it",
                    server,
                    tool,
                    pinned.substring(0, 12),
                    hash.substring(0, 12));
            Counter.builder(QUARANTINED_METRIC)
                    .description("Tool definitions found changed since their approval")
                    .tag("server", server)
                    .tag("tool", tool)
                    .register(meters)
                    .increment();
        }
        return Optional.of("definition changed since approval (pinned " + pinned.substring(0, 12) + ", now "
                + hash.substring(0, 12) + ")");
    }

    /**
     * Approves {@code server}'s current definition of {@code tool}.
     *
     * @return the approved hash, or empty when the server does not list the tool
     */
    Optional<String> approve(String server, String tool) {
        Optional<String> hash = servers.toolSpecs(server).stream()
                .filter(candidate -> candidate.name().equals(tool))
                .findFirst()
                .map(ToolPins::hash);
        hash.ifPresent(value -> {
            store.pin(server, tool, value);
            reported.remove(server + "/" + tool);
            log.info("Approved the definition {} of MCP server {} tool {}", value.substring(0, 12), server, tool);
        });
        return hash;
    }

    private String hashOf(String server, String tool, CapabilityTool definition) {
        String key = server + "/" + tool;
        Hashed last = hashes.get(key);
        if (last != null && last.definition() == definition) {
            return last.hash();
        }
        String hash = hash(definition);
        hashes.put(key, new Hashed(definition, hash));
        return hash;
    }

    /** SHA-256 over the name, description and the input schema with its keys sorted. */
    static String hash(CapabilityTool tool) {
        Map<String, Object> definition = new TreeMap<>();
        definition.put("name", tool.name());
        definition.put("description", tool.description() == null ? "" : tool.description());
        definition.put("inputSchema", sorted(tool.inputSchema()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(JSON.writeValueAsString(definition).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((key, inner) -> sorted.put(String.valueOf(key), sorted(inner)));
            return sorted;
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(ToolPins::sorted).toList();
        }
        return value;
    }
}
