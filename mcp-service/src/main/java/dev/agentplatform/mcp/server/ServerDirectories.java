package dev.agentplatform.mcp.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The absolute folders that configuration refers to by placeholder. MCP servers resolve relative paths against
 * their own working directory, so everything handed to them is made absolute here.
 */
public final class ServerDirectories {

    /** Placeholder for the folder holding the npm-installed servers. */
    public static final String SERVERS_DIR = "{servers-dir}";

    /** Placeholder for the folder of documents served by the filesystem capability. */
    public static final String WORKSPACE_DIR = "{workspace-dir}";

    private static final Logger log = LoggerFactory.getLogger(ServerDirectories.class);

    private final Path serversDir;
    private final Path workspaceDir;
    private final Map<String, String> placeholders;

    public ServerDirectories(Path serversDir, Path workspaceDir) {
        this(serversDir, workspaceDir, Map.of());
    }

    /** With more placeholders (with their braces, e.g. {@code {database-url}}) and their values. */
    public ServerDirectories(Path serversDir, Path workspaceDir, Map<String, String> placeholders) {
        this.serversDir = serversDir.toAbsolutePath().normalize();
        this.workspaceDir = workspaceDir.toAbsolutePath().normalize();
        this.placeholders = Map.copyOf(placeholders);
    }

    /** Resolves the configured folders against {@code workingDir} (see {@link McpServersProperties#dir()}). */
    public static ServerDirectories resolve(McpServersProperties properties, Path workingDir) {
        return resolve(properties, workingDir, Map.of());
    }

    /** As {@link #resolve(McpServersProperties, Path)}, with more placeholders. */
    public static ServerDirectories resolve(
            McpServersProperties properties, Path workingDir, Map<String, String> placeholders) {
        return new ServerDirectories(
                locate(properties.dir(), workingDir, "servers dir"),
                locate(properties.workspaceDir(), workingDir, "workspace dir"),
                placeholders);
    }

    static Path locate(String configured, Path workingDir, String what) {
        Path path = Path.of(configured);
        if (path.isAbsolute()) {
            return path.normalize();
        }
        Path base = workingDir.toAbsolutePath().normalize();
        Path fromWorkingDir = base.resolve(path).normalize();
        if (Files.isDirectory(fromWorkingDir)) {
            return fromWorkingDir;
        }
        // Run from inside the module (tests, `java -jar` in mcp-service/): the default names the module folder.
        Path parent = base.getParent();
        if (parent != null && Files.isDirectory(parent.resolve(path))) {
            return parent.resolve(path).normalize();
        }
        log.warn("MCP {} '{}' not found under {} or its parent; servers using it will not start", what, path, base);
        return fromWorkingDir;
    }

    public Path serversDir() {
        return serversDir;
    }

    public Path workspaceDir() {
        return workspaceDir;
    }

    /** Replaces the folder placeholders in a configured value. */
    public String expand(String value) {
        if (value == null) {
            return null;
        }
        String expanded =
                value.replace(SERVERS_DIR, serversDir.toString()).replace(WORKSPACE_DIR, workspaceDir.toString());
        for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
            expanded = expanded.replace(placeholder.getKey(), placeholder.getValue());
        }
        return expanded;
    }

    /** Replaces the placeholders in every string value of a map, recursing into nested maps and lists. */
    public Map<String, Object> expandValues(Map<String, ?> values) {
        Map<String, Object> expanded = new LinkedHashMap<>();
        values.forEach((key, value) -> expanded.put(key, expandValue(value)));
        return expanded;
    }

    private Object expandValue(Object value) {
        if (value instanceof String text) {
            return expand(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> nested = new LinkedHashMap<>();
            map.forEach((key, inner) -> nested.put(String.valueOf(key), expandValue(inner)));
            return nested;
        }
        if (value instanceof Iterable<?> list) {
            List<Object> items = new ArrayList<>();
            list.forEach(item -> items.add(expandValue(item)));
            return items;
        }
        return value;
    }
}
