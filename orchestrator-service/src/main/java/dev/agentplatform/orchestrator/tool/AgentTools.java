package dev.agentplatform.orchestrator.tool;

import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.orchestrator.provider.LlmTool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tools one agent offers its model: every tool of its capabilities under a function name the
 * LLM APIs accept ({@code ^[a-zA-Z0-9_-]{1,64}$}), {@code <capability>__<tool>} with other characters
 * replaced by {@code _}, shortened and numbered when needed to stay unique, and the way back from that
 * name to the capability and tool.
 */
public final class AgentTools {

    /** Separates capability and tool in a function name. */
    static final String SEPARATOR = "__";

    private static final int MAX_NAME = 64;
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-zA-Z0-9_-]");

    private final List<LlmTool> specs;
    private final Map<String, Target> targets;

    private AgentTools(List<LlmTool> specs, Map<String, Target> targets) {
        this.specs = List.copyOf(specs);
        this.targets = Collections.unmodifiableMap(targets);
    }

    /** The tools of {@code capabilities}, read through {@code catalog}, in the capabilities' order. */
    public static AgentTools of(List<String> capabilities, ToolCatalog catalog) {
        Map<String, List<CapabilityTool>> byCapability = new LinkedHashMap<>();
        capabilities.forEach(capability -> byCapability.put(capability, catalog.tools(capability)));
        return of(byCapability);
    }

    /** The tools listed per capability, in the map's order. */
    public static AgentTools of(Map<String, List<CapabilityTool>> byCapability) {
        List<LlmTool> specs = new ArrayList<>();
        Map<String, Target> targets = new LinkedHashMap<>();
        byCapability.forEach((capability, tools) -> {
            for (CapabilityTool tool : tools) {
                String name = unique(functionName(capability, tool.name()), targets);
                targets.put(name, new Target(capability, tool.name()));
                specs.add(new LlmTool(name, tool.description(), tool.inputSchema()));
            }
        });
        return new AgentTools(specs, targets);
    }

    /** The function name of {@code tool} of {@code capability}, before making it unique. */
    static String functionName(String capability, String tool) {
        String name = NOT_ALLOWED.matcher(capability + SEPARATOR + tool).replaceAll("_");
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
    }

    private static String unique(String name, Map<String, Target> taken) {
        String candidate = name;
        for (int n = 2; taken.containsKey(candidate); n++) {
            String suffix = "_" + n;
            candidate = name.substring(0, Math.min(name.length(), MAX_NAME - suffix.length())) + suffix;
        }
        return candidate;
    }

    /** The function definitions to send to the model. */
    public List<LlmTool> specs() {
        return specs;
    }

    /** Whether the agent has no tools to offer. */
    public boolean isEmpty() {
        return specs.isEmpty();
    }

    /** The capability and tool behind the function {@code name}, if it is one of these. */
    public Optional<Target> target(String name) {
        return Optional.ofNullable(name == null ? null : targets.get(name));
    }

    /**
     * What a function name stands for.
     *
     * @param capability the capability to call through mcp-service
     * @param tool the capability's tool
     */
    public record Target(String capability, String tool) {}
}
