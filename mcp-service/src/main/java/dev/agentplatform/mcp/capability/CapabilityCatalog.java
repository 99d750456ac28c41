package dev.agentplatform.mcp.capability;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.mcp.capability.CapabilityProperties.Capability;
import dev.agentplatform.mcp.capability.CapabilityProperties.Entry;
import dev.agentplatform.mcp.capability.CapabilityProperties.Tool;
import dev.agentplatform.mcp.server.McpServers;
import dev.agentplatform.support.PlatformException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The capabilities as configured, plus the chain entries registered and removed at run time. Capabilities are
 * immutable records; a change swaps the whole map, so a call in flight keeps the chain it started with.
 * Registrations live in memory: a restart serves the configuration again.
 */
@Component
class CapabilityCatalog {

    private static final Logger log = LoggerFactory.getLogger(CapabilityCatalog.class);

    private final McpServers servers;
    private volatile Map<String, Capability> capabilities;

    CapabilityCatalog(CapabilityProperties properties, McpServers servers) {
        this.servers = servers;
        properties.catalog().forEach(this::check);
        this.capabilities = Collections.unmodifiableMap(new LinkedHashMap<>(properties.catalog()));
    }

    private void check(String name, Capability capability) {
        if (!capability.tools().containsKey(capability.defaultTool())) {
            throw new IllegalStateException("Capability '" + name + "' has default tool '" + capability.defaultTool()
                    + "', which is not among its tools " + capability.tools().keySet());
        }
        capability.tools().forEach((toolName, tool) -> {
            List<String> seen = new ArrayList<>();
            for (Entry entry : tool.chain()) {
                if (!servers.exists(entry.server())) {
                    throw new IllegalStateException("Capability '" + name + "' names server '" + entry.server()
                            + "', which platform.mcp.servers.stdio does not define");
                }
                String key = entry.server() + "/" + entry.serverTool(toolName);
                if (seen.contains(key)) {
                    throw new IllegalStateException(
                            "Capability '" + name + "' tool '" + toolName + "' names " + key + " twice");
                }
                seen.add(key);
            }
        });
    }

    /** Every capability by name: the configured ones in their order, then those registered at run time. */
    Map<String, Capability> all() {
        return capabilities;
    }

    Optional<Capability> find(String name) {
        return Optional.ofNullable(capabilities.get(name));
    }

    /** The capability, or a 404 problem. */
    Capability require(String name) {
        return find(name)
                .orElseThrow(() -> new PlatformException(
                        HttpStatus.NOT_FOUND,
                        ProblemTypes.NOT_FOUND,
                        "Unknown capability",
                        "No capability named '" + name + "'; GET /v1/capabilities lists them"));
    }

    /**
     * Appends an entry to the chain of {@code name}'s tool, creating the tool and the capability as needed.
     *
     * @throws PlatformException 400 for an unknown server or normaliser, 409 when the chain has this server's
     *     tool already
     */
    synchronized Capability register(String name, ToolRegistration registration) {
        if (!name.matches(ToolRegistration.NAME)) {
            throw invalid("Capability name '" + name + "' may hold only letters, digits, '_', '.' and '-'");
        }
        if (!servers.exists(registration.server())) {
            throw invalid("No MCP server named '" + registration.server()
                    + "' is configured (platform.mcp.servers.stdio); only configured servers can serve a tool");
        }
        Entry entry = new Entry(
                registration.server(),
                registration.serverTool(),
                registration.arguments() == null ? Map.of() : Map.copyOf(registration.arguments()),
                normaliser(registration.normaliser()),
                registration.costPerCallUsd() == null ? BigDecimal.ZERO : registration.costPerCallUsd(),
                Duration.ofMillis(registration.expectedLatencyMs() == null ? 1000 : registration.expectedLatencyMs()));
        Capability existing = capabilities.get(name);
        Map<String, Tool> tools = existing == null ? new LinkedHashMap<>() : new LinkedHashMap<>(existing.tools());
        Tool tool = tools.get(registration.tool());
        if (tool == null) {
            tool = new Tool(
                    registration.description(),
                    registration.inputSchema(),
                    registration.readOnly(),
                    registration.queryArgument(),
                    List.of(entry));
        } else {
            String key = entry.server() + "/" + entry.serverTool(registration.tool());
            boolean taken = tool.chain().stream()
                    .anyMatch(e -> (e.server() + "/" + e.serverTool(registration.tool())).equals(key));
            if (taken) {
                throw new PlatformException(
                                HttpStatus.CONFLICT,
                                ProblemTypes.INVALID_REQUEST,
                                "Tool already registered",
                                "Capability '" + name + "' tool '" + registration.tool() + "' already calls " + key)
                        .property("capability", name)
                        .property("tool", registration.tool());
            }
            List<Entry> chain = new ArrayList<>(tool.chain());
            chain.add(entry);
            tool = new Tool(tool.description(), tool.inputSchema(), tool.readOnly(), tool.queryArgument(), chain);
        }
        tools.put(registration.tool(), tool);
        Capability updated = existing == null
                ? new Capability(registration.tool(), tools, Map.of(), null, List.of("path"))
                : new Capability(
                        existing.defaultTool(),
                        tools,
                        existing.defaultArguments(),
                        existing.pathRoot(),
                        existing.pathArguments());
        swap(name, updated);
        log.info(
                "Capability {} tool {}: registered {} as entry {}",
                name,
                registration.tool(),
                entry.server(),
                tool.chain().size());
        return updated;
    }

    /**
     * Removes {@code server}'s entry from the chain of {@code name}'s tool, or the whole tool when {@code server}
     * is {@code null}; a tool left without entries goes, and so does a capability left without tools.
     *
     * @throws PlatformException 404 when there is no such capability, tool or entry
     */
    synchronized void remove(String name, String toolName, String server) {
        Capability capability = require(name);
        Tool tool = capability.tools().get(toolName);
        if (tool == null) {
            throw notFound("Capability '" + name + "' has no tool '" + toolName + "'");
        }
        Map<String, Tool> tools = new LinkedHashMap<>(capability.tools());
        if (server == null) {
            tools.remove(toolName);
        } else {
            List<Entry> chain = new ArrayList<>(tool.chain());
            if (!chain.removeIf(entry -> entry.server().equals(server))) {
                throw notFound("Tool '" + toolName + "' of capability '" + name + "' has no entry for server '" + server
                        + "'");
            }
            if (chain.isEmpty()) {
                tools.remove(toolName);
            } else {
                tools.put(
                        toolName,
                        new Tool(tool.description(), tool.inputSchema(), tool.readOnly(), tool.queryArgument(), chain));
            }
        }
        if (tools.isEmpty()) {
            Map<String, Capability> next = new LinkedHashMap<>(capabilities);
            next.remove(name);
            capabilities = Collections.unmodifiableMap(next);
        } else {
            String defaultTool = tools.containsKey(capability.defaultTool())
                    ? capability.defaultTool()
                    : tools.keySet().iterator().next();
            swap(
                    name,
                    new Capability(
                            defaultTool,
                            tools,
                            capability.defaultArguments(),
                            capability.pathRoot(),
                            capability.pathArguments()));
        }
        log.info("Capability {} tool {}: removed {}", name, toolName, server == null ? "the tool" : server);
    }

    private void swap(String name, Capability capability) {
        Map<String, Capability> next = new LinkedHashMap<>(capabilities);
        next.put(name, capability);
        capabilities = Collections.unmodifiableMap(next);
    }

    private static Normaliser normaliser(String name) {
        if (name == null || name.isBlank()) {
            return Normaliser.TEXT;
        }
        try {
            return Normaliser.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("Unknown normaliser '" + name + "'; known: text, brave, tavily, duckduckgo");
        }
    }

    private static PlatformException invalid(String detail) {
        return new PlatformException(
                HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid registration", detail);
    }

    private static PlatformException notFound(String detail) {
        return new PlatformException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", detail);
    }
}
