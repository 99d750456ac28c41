package dev.agentplatform.mcp.capability;

import dev.agentplatform.common.CapabilityCall;
import dev.agentplatform.common.CapabilityResult;
import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.mcp.capability.CapabilityProperties.Capability;
import dev.agentplatform.mcp.server.McpServers;
import dev.agentplatform.mcp.server.ServerCallException;
import dev.agentplatform.mcp.server.ServerCallException.Kind;
import dev.agentplatform.mcp.server.ServerDirectories;
import dev.agentplatform.mcp.server.ToolResponse;
import dev.agentplatform.support.PlatformException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Serves capability calls: picks the tool and arguments, then walks the capability's server chain until a
 * server answers. A tool that answers with {@code isError} has answered (a missing file stays missing on the
 * next server); a server that cannot start, breaks, or times out hands the call to the next one.
 */
@Service
class CapabilityService {

    private static final Logger log = LoggerFactory.getLogger(CapabilityService.class);

    static final String CALLS_METRIC = "mcp.tool.calls";
    static final String LATENCY_METRIC = "mcp.tool.latency";

    /** A number as people write it in a prompt: optional sign, thousands separators, decimals. */
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|-?\\d+(?:\\.\\d+)?");

    private final Map<String, Capability> catalog;
    private final McpServers servers;
    private final ServerDirectories directories;
    private final MeterRegistry meters;
    private final long retryAfterSeconds;

    CapabilityService(
            CapabilityProperties properties, McpServers servers, ServerDirectories directories, MeterRegistry meters) {
        this.catalog = properties.catalog();
        this.servers = servers;
        this.directories = directories;
        this.meters = meters;
        this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
        catalog.forEach(this::checkConfiguration);
    }

    private void checkConfiguration(String name, Capability capability) {
        capability.servers().stream()
                .filter(server -> !servers.exists(server))
                .findFirst()
                .ifPresent(server -> {
                    throw new IllegalStateException("Capability '" + name + "' names server '" + server
                            + "', which platform.mcp.servers.stdio does not define");
                });
        if (!capability.tools().isEmpty() && !capability.tools().contains(capability.defaultTool())) {
            throw new IllegalStateException("Capability '" + name + "' has default tool '" + capability.defaultTool()
                    + "', which is not among its tools " + capability.tools());
        }
    }

    List<CapabilityDescription> describe() {
        return catalog.entrySet().stream()
                .map(entry -> new CapabilityDescription(
                        entry.getKey(),
                        entry.getValue().servers(),
                        List.copyOf(offeredTools(entry.getValue())),
                        entry.getValue().defaultTool(),
                        entry.getValue().costPerCallUsd()))
                .toList();
    }

    /** The tools the capability's servers listed, restricted to the capability's allowed tools. */
    private Set<String> offeredTools(Capability capability) {
        Set<String> tools = new LinkedHashSet<>();
        capability.servers().forEach(server -> tools.addAll(servers.tools(server)));
        if (!capability.tools().isEmpty()) {
            tools.retainAll(capability.tools());
        }
        return tools;
    }

    /**
     * The tools of capability {@code name} with their descriptions and input schemas, as its servers listed them
     * (the first server listing a tool describes it), restricted to the capability's allowed tools; empty while
     * none of its servers has started.
     */
    List<CapabilityTool> tools(String name) {
        Capability capability = capability(name);
        Map<String, CapabilityTool> tools = new LinkedHashMap<>();
        capability
                .servers()
                .forEach(server -> servers.toolSpecs(server).forEach(tool -> tools.putIfAbsent(tool.name(), tool)));
        if (!capability.tools().isEmpty()) {
            tools.keySet().retainAll(capability.tools());
        }
        return List.copyOf(tools.values());
    }

    CapabilityResult call(String name, CapabilityCall call) {
        Capability capability = capability(name);
        String tool = call.tool() == null || call.tool().isBlank() ? capability.defaultTool() : call.tool();
        if (!capability.tools().isEmpty() && !capability.tools().contains(tool)) {
            throw toolNotOffered(name, tool, capability.tools());
        }
        Map<String, Object> arguments = arguments(capability, call.arguments(), call.query());

        List<String> failures = new ArrayList<>();
        boolean onlyNotOffered = true;
        for (String server : capability.servers()) {
            long started = System.nanoTime();
            try {
                ToolResponse response = servers.call(server, tool, arguments);
                long elapsed = System.nanoTime() - started;
                record(name, server, tool, response.error() ? "tool_error" : "success", elapsed);
                return new CapabilityResult(
                        name,
                        server,
                        tool,
                        response.error(),
                        response.text(),
                        TimeUnit.NANOSECONDS.toMillis(elapsed),
                        capability.costPerCallUsd());
            } catch (ServerCallException e) {
                if (e.kind() == Kind.TOOL_NOT_OFFERED) {
                    failures.add(server + " " + e.getMessage());
                    continue;
                }
                record(name, server, tool, e.kind().outcome(), System.nanoTime() - started);
                if (e.kind() == Kind.INVALID_ARGUMENTS) {
                    throw new PlatformException(
                                    HttpStatus.BAD_REQUEST,
                                    ProblemTypes.INVALID_REQUEST,
                                    "Invalid tool arguments",
                                    "Tool '" + tool + "' rejected the arguments: " + e.getMessage())
                            .property("capability", name)
                            .property("tool", tool);
                }
                onlyNotOffered = false;
                failures.add(server + " " + e.getMessage());
                log.warn("Capability {}: server {} failed for tool {}: {}", name, server, tool, e.getMessage());
            }
        }
        if (onlyNotOffered) {
            throw toolNotOffered(name, tool, List.copyOf(offeredTools(capability)));
        }
        throw new PlatformException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemTypes.UNAVAILABLE,
                        "Capability unavailable",
                        "Every server of capability '" + name + "' failed: " + String.join("; ", failures))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .property("capability", name)
                .property("tool", tool);
    }

    private Capability capability(String name) {
        Capability capability = catalog.get(name);
        if (capability == null) {
            throw new PlatformException(
                    HttpStatus.NOT_FOUND,
                    ProblemTypes.NOT_FOUND,
                    "Unknown capability",
                    "No capability named '" + name + "'; GET /v1/capabilities lists them");
        }
        return capability;
    }

    private static PlatformException toolNotOffered(String capability, String tool, List<String> offered) {
        return new PlatformException(
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.INVALID_REQUEST,
                        "Tool not offered",
                        "Capability '" + capability + "' does not offer tool '" + tool + "'; it offers " + offered)
                .property("capability", capability)
                .property("tool", tool);
    }

    /**
     * Defaults, then the caller's arguments over them, then numbers from the query for what is still missing,
     * with relative paths made absolute.
     */
    private Map<String, Object> arguments(Capability capability, Map<String, Object> given, String query) {
        Map<String, Object> arguments = new LinkedHashMap<>(directories.expandValues(capability.defaultArguments()));
        if (given != null) {
            arguments.putAll(given);
        }
        fillFromQuery(arguments, capability.queryNumberArguments(), query);
        String pathRoot = directories.expand(capability.pathRoot());
        if (pathRoot != null && !pathRoot.isBlank()) {
            Path root = Path.of(pathRoot);
            for (String key : capability.pathArguments()) {
                if (arguments.get(key) instanceof String value && !value.isBlank()) {
                    arguments.put(key, absolute(root, key, value));
                }
            }
        }
        return arguments;
    }

    private static void fillFromQuery(Map<String, Object> arguments, List<String> names, String query) {
        if (query == null || names.isEmpty()) {
            return;
        }
        Matcher numbers = NUMBER.matcher(query);
        for (String name : names) {
            if (arguments.containsKey(name)) {
                continue;
            }
            if (!numbers.find()) {
                return;
            }
            BigDecimal number = new BigDecimal(numbers.group().replace(",", ""));
            arguments.put(name, whole(number) ? (Object) number.longValueExact() : (Object) number.doubleValue());
        }
    }

    private static boolean whole(BigDecimal number) {
        return number.stripTrailingZeros().scale() <= 0;
    }

    private static String absolute(Path root, String key, String value) {
        try {
            Path path = Path.of(value);
            return path.isAbsolute() ? value : root.resolve(path).normalize().toString();
        } catch (InvalidPathException e) {
            throw new PlatformException(
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST,
                    "Invalid path",
                    "Argument '" + key + "' is not a valid path: " + e.getReason());
        }
    }

    private void record(String capability, String server, String tool, String outcome, long elapsedNanos) {
        Counter.builder(CALLS_METRIC)
                .description("MCP tool calls by capability, server, tool and outcome")
                .tag("capability", capability)
                .tag("server", server)
                .tag("tool", tool)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
        Timer.builder(LATENCY_METRIC)
                .description("Wall time of MCP tool calls, including a server (re)start")
                .tag("capability", capability)
                .tag("server", server)
                .tag("tool", tool)
                .tag("outcome", outcome)
                .register(meters)
                .record(elapsedNanos, TimeUnit.NANOSECONDS);
    }
}
