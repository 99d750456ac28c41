package dev.agentplatform.mcp.capability;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentplatform.common.CapabilityCall;
import dev.agentplatform.common.CapabilityResult;
import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.mcp.capability.CapabilityDescription.EntryDescription;
import dev.agentplatform.mcp.capability.CapabilityProperties.Capability;
import dev.agentplatform.mcp.capability.CapabilityProperties.Entry;
import dev.agentplatform.mcp.capability.CapabilityProperties.Tool;
import dev.agentplatform.mcp.server.McpServers;
import dev.agentplatform.mcp.server.McpServers.WhenDown;
import dev.agentplatform.mcp.server.ServerCallException;
import dev.agentplatform.mcp.server.ServerCallException.Kind;
import dev.agentplatform.mcp.server.ServerDirectories;
import dev.agentplatform.mcp.server.ToolResponse;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.security.ServiceCaller;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Serves capability calls: picks the tool and arguments, then walks the tool's chain until an entry answers.
 * An entry is skipped without a call when its server is disabled (no API key), its tool definition is quarantined
 * or its breaker is open. A server that cannot start, breaks, times out, answers with nothing usable, or reports
 * that it could not reach what it serves (a network error, a rate limit) has failed: its breaker counts it, and
 * the next entry is tried, but only for read-only tools; after a failed call of any other tool the call fails
 * (a write is never sent twice). Any other error the tool reports is its answer: a failed query stays failed on
 * the replica. Errors of servers whose answers are normalised results (web search) always count as failures. A
 * read-only call with a healthy entry left after the one it tries does not wait for a dead server: the server fails
 * it at once ({@link Kind#EXITED}), the entry's breaker opens (its probe brings the restarted server back) and the
 * next entry answers.
 */
@Service
class CapabilityService {

    private static final Logger log = LoggerFactory.getLogger(CapabilityService.class);

    static final String CALLS_METRIC = "mcp.tool.calls";
    static final String LATENCY_METRIC = "mcp.tool.latency";
    static final String BREAKER_TRANSITIONS_METRIC = "mcp.breaker.transitions";

    /** The server of a call that reached none. */
    static final String NO_SERVER = "none";

    /** The outcome of a call whose arguments the tool's schema refused before any server was asked. */
    static final String INVALID_ARGUMENTS = "invalid_arguments";

    /** What servers say when they could not reach their upstream: not the caller's fault, another may serve. */
    static final Pattern UNREACHABLE = Pattern.compile(
            "ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|fetch failed"
                    + "|socket hang up|Connection terminated|network|rate limit|\\b429\\b|too many (requests|clients)"
                    + "|the database system is",
            Pattern.CASE_INSENSITIVE);

    /** A whole argument value naming a caller's argument: {@code "{query}"}. */
    private static final Pattern REFERENCE = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

    private static final double LATENCY_WEIGHT = 0.2;

    private final CapabilityCatalog catalog;
    private final McpServers servers;
    private final ServerDirectories directories;
    private final MeterRegistry meters;
    private final ToolPins pins;
    private final UsageBooking usage;
    private final ArgumentSchemas schemas;
    private final CircuitBreakerRegistry breakers;
    private final double budgetFactor;
    private final Map<String, Double> latencies = new ConcurrentHashMap<>();
    /** Configured input schemas as JSON, by the configured map (identity, weak keys): made once, not per call. */
    private final Cache<Map<String, Object>, Map<String, Object>> configuredSchemas =
            Caffeine.newBuilder().weakKeys().build();
    /** The call counter and latency timer by capability, server, tool and outcome: looked up, not built, per call. */
    private final Map<List<String>, CallMeters> callMeters = new ConcurrentHashMap<>();

    private record CallMeters(Counter calls, Timer latency) {}

    private final long retryAfterSeconds;

    CapabilityService(
            CapabilityProperties properties,
            CapabilityCatalog catalog,
            McpServers servers,
            ServerDirectories directories,
            MeterRegistry meters,
            ToolPins pins,
            UsageBooking usage,
            ArgumentSchemas schemas) {
        this.catalog = catalog;
        this.servers = servers;
        this.directories = directories;
        this.meters = meters;
        this.pins = pins;
        this.usage = usage;
        this.schemas = schemas;
        this.budgetFactor = properties.latencyBudgetFactor();
        this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
        CapabilityProperties.Breaker breaker = properties.breaker();
        int window = Math.max(1, breaker.window());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(window)
                .minimumNumberOfCalls(window)
                .failureRateThreshold(Math.max(1, Math.min(100, breaker.failureRatePercent())))
                .waitDurationInOpenState(breaker.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                // an open breaker turns half-open by itself, so routing sees an entry ready for its probe
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        this.breakers
                .getEventPublisher()
                .onEntryAdded(added -> added.getAddedEntry().getEventPublisher().onStateTransition(this::transitioned));
    }

    private void transitioned(CircuitBreakerOnStateTransitionEvent event) {
        String key = event.getCircuitBreakerName();
        int slash = key.indexOf('/');
        String server = key.substring(0, slash);
        String tool = key.substring(slash + 1);
        String from = event.getStateTransition().getFromState().name().toLowerCase(java.util.Locale.ROOT);
        String to = event.getStateTransition().getToState().name().toLowerCase(java.util.Locale.ROOT);
        log.info("Breaker of MCP server {} tool {}: {} -> {}", server, tool, from, to);
        // rare: the registry hands back the counter it has for these tags
        Counter.builder(BREAKER_TRANSITIONS_METRIC)
                .description("Breaker state changes by server, tool, from and to")
                .tags("server", server, "tool", tool, "from", from, "to", to)
                .register(meters)
                .increment();
    }

    List<CapabilityDescription> describe() {
        List<CapabilityDescription> descriptions = new ArrayList<>();
        catalog.all().forEach((name, capability) -> {
            LinkedHashSet<String> chainServers = new LinkedHashSet<>();
            List<EntryDescription> entries = new ArrayList<>();
            capability.tools().forEach((toolName, tool) -> {
                List<Entry> route = route(toolName, tool);
                tool.chain().forEach(entry -> {
                    chainServers.add(entry.server());
                    entries.add(describe(toolName, entry, route.indexOf(entry) + 1));
                });
            });
            Entry primary =
                    capability.tools().get(capability.defaultTool()).chain().get(0);
            descriptions.add(new CapabilityDescription(
                    name,
                    List.copyOf(chainServers),
                    List.copyOf(capability.tools().keySet()),
                    capability.defaultTool(),
                    primary.costPerCallUsd(),
                    entries));
        });
        return descriptions;
    }

    private EntryDescription describe(String toolName, Entry entry, int preference) {
        String serverTool = entry.serverTool(toolName);
        String state;
        String reason = null;
        String disabled = servers.disabled(entry.server());
        Optional<String> quarantined = pins.quarantined(entry.server(), serverTool);
        CircuitBreaker.State breaker = breaker(entry.server(), serverTool).getState();
        if (disabled != null) {
            state = disabled.startsWith("no key") ? "no_key" : "disabled";
            reason = disabled;
        } else if (quarantined.isPresent()) {
            state = "quarantined";
            reason = quarantined.get();
        } else if (breaker == CircuitBreaker.State.OPEN) {
            state = "open";
            reason = "breaker open after failed calls";
        } else if (breaker == CircuitBreaker.State.HALF_OPEN) {
            state = "half_open";
        } else if (!servers.states().stream()
                .filter(s -> s.name().equals(entry.server()))
                .allMatch(s -> s.alive())) {
            state = "down";
            reason = servers.states().stream()
                    .filter(s -> s.name().equals(entry.server()))
                    .map(s -> s.lastError())
                    .findFirst()
                    .orElse(null);
        } else {
            state = "healthy";
        }
        Double latency = latencies.get(key(entry.server(), serverTool));
        return new EntryDescription(
                toolName,
                entry.server(),
                serverTool,
                entry.normaliser().name().toLowerCase(java.util.Locale.ROOT),
                entry.costPerCallUsd(),
                entry.expectedLatency().toMillis(),
                latency == null ? null : Math.round(latency),
                Math.round(budgetMillis(entry)),
                latency == null ? null : latency <= budgetMillis(entry),
                preference,
                state,
                reason);
    }

    /**
     * The order a call tries the entries of a tool's chain in: "cheapest healthy entry within its latency budget".
     * First the healthy entries (server enabled, definition not quarantined, breaker not open) whose measured latency
     * is within budget or not measured yet, cheapest first; then the healthy ones over budget; then the others,
     * which are skipped when their turn comes. Chain order breaks ties. A breaker turns half-open by itself after
     * its wait, so a recovered entry is back in the first group for its probe.
     */
    List<Entry> route(String toolName, Tool tool) {
        record Ranked(Entry entry, int group, BigDecimal cost, int index) {}
        List<Entry> chain = tool.chain();
        List<Ranked> ranked = new ArrayList<>(chain.size());
        for (int i = 0; i < chain.size(); i++) {
            Entry entry = chain.get(i);
            int group = !healthy(toolName, entry) ? 2 : withinBudget(toolName, entry) ? 0 : 1;
            ranked.add(new Ranked(entry, group, group == 0 ? entry.costPerCallUsd() : BigDecimal.ZERO, i));
        }
        ranked.sort(Comparator.comparingInt(Ranked::group)
                .thenComparing(Ranked::cost)
                .thenComparingInt(Ranked::index));
        List<Entry> route = new ArrayList<>(ranked.size());
        ranked.forEach(r -> route.add(r.entry()));
        return route;
    }

    private boolean healthy(String toolName, Entry entry) {
        String serverTool = entry.serverTool(toolName);
        CircuitBreaker.State state = breaker(entry.server(), serverTool).getState();
        return state != CircuitBreaker.State.OPEN
                && state != CircuitBreaker.State.FORCED_OPEN
                && servers.disabled(entry.server()) == null
                && pins.quarantined(entry.server(), serverTool).isEmpty();
    }

    private boolean withinBudget(String toolName, Entry entry) {
        Double latency = latencies.get(key(entry.server(), entry.serverTool(toolName)));
        return latency == null || latency <= budgetMillis(entry);
    }

    private double budgetMillis(Entry entry) {
        return entry.expectedLatency().toMillis() * budgetFactor;
    }

    /**
     * The tools of capability {@code name} with their descriptions and input schemas: as configured, else as the
     * first entry whose server lists the tool describes it; a tool neither configured nor listed yet is left out.
     * A tool whose every entry is quarantined is left out too: models are not offered a changed definition.
     */
    List<CapabilityTool> tools(String name) {
        Capability capability = catalog.require(name);
        List<CapabilityTool> tools = new ArrayList<>();
        capability.tools().forEach((toolName, tool) -> {
            Optional<CapabilityTool> listed = listed(toolName, tool);
            boolean offered = tool.chain().stream()
                    .anyMatch(entry -> pins.quarantined(entry.server(), entry.serverTool(toolName))
                            .isEmpty());
            if (!offered) {
                return;
            }
            String description = tool.description() != null
                    ? tool.description()
                    : listed.map(CapabilityTool::description).orElse(null);
            Map<String, Object> schema = schema(tool, listed);
            if (schema != null) {
                tools.add(new CapabilityTool(toolName, description, schema));
            }
        });
        return tools;
    }

    /**
     * A configured JSON value as JSON means it: Spring binds a YAML list inside a {@code Map<String, Object>} as a
     * map with the keys {@code "0"}, {@code "1"}, ...; those become lists again.
     */
    @SuppressWarnings("unchecked")
    static <T> T asJson(T value) {
        if (value instanceof Map<?, ?> map) {
            boolean indexed = !map.isEmpty();
            int i = 0;
            for (Object key : map.keySet()) {
                if (!String.valueOf(i++).equals(String.valueOf(key))) {
                    indexed = false;
                    break;
                }
            }
            if (indexed) {
                return (T) map.values().stream().map(CapabilityService::asJson).toList();
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, inner) -> copy.put(String.valueOf(key), asJson(inner)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            return (T) list.stream().map(CapabilityService::asJson).toList();
        }
        return value;
    }

    /** The tool's input schema: as configured, else as the first entry whose server lists the tool gives it. */
    private Map<String, Object> schema(String toolName, Tool tool) {
        return schema(tool, tool.inputSchema() != null ? Optional.empty() : listed(toolName, tool));
    }

    private Map<String, Object> schema(Tool tool, Optional<CapabilityTool> listed) {
        return tool.inputSchema() != null
                ? configuredSchemas.get(tool.inputSchema(), CapabilityService::asJson)
                : listed.map(CapabilityTool::inputSchema).orElse(null);
    }

    private Optional<CapabilityTool> listed(String toolName, Tool tool) {
        for (Entry entry : tool.chain()) {
            String serverTool = entry.serverTool(toolName);
            Optional<CapabilityTool> spec = servers.toolSpecs(entry.server()).stream()
                    .filter(candidate -> candidate.name().equals(serverTool))
                    .findFirst();
            if (spec.isPresent()) {
                return spec;
            }
        }
        return Optional.empty();
    }

    private boolean readOnly(String toolName, Tool tool) {
        if (tool.readOnly() != null) {
            return tool.readOnly();
        }
        Entry primary = tool.chain().get(0);
        return servers.readOnly(primary.server(), primary.serverTool(toolName));
    }

    CapabilityResult call(String name, CapabilityCall call) {
        Capability capability = catalog.require(name);
        String toolName = call.tool() == null || call.tool().isBlank() ? capability.defaultTool() : call.tool();
        Tool tool = capability.tools().get(toolName);
        if (tool == null) {
            throw toolNotOffered(name, toolName, List.copyOf(capability.tools().keySet()));
        }
        boolean anonymous =
                ServiceCaller.current().map(ServiceCaller::anonymous).orElse(false);
        if (anonymous && tool.chain().stream().noneMatch(CapabilityService::free)) {
            throw new PlatformException(
                            HttpStatus.FORBIDDEN,
                            ProblemTypes.FORBIDDEN,
                            "Priced tool",
                            "Tool '" + toolName + "' of capability '" + name + "' has no free entry; a call without a"
                                    + " credential may use free entries only: call it through the gateway with an API"
                                    + " key")
                    .property("capability", name)
                    .property("tool", toolName);
        }
        Map<String, Object> arguments = arguments(capability, tool, call.arguments(), call.query());
        try {
            schemas.check(name, toolName, schema(toolName, tool), arguments);
        } catch (PlatformException e) {
            // counted like any call, with no server: dashboards see callers sending what a tool cannot take
            record(name, NO_SERVER, toolName, INVALID_ARGUMENTS, 0);
            throw e;
        }
        boolean readOnly = readOnly(toolName, tool);
        if (anonymous && !readOnly) {
            throw new PlatformException(
                            HttpStatus.FORBIDDEN,
                            ProblemTypes.FORBIDDEN,
                            "Write without a credential",
                            "Tool '" + toolName + "' of capability '" + name + "' is not read-only; a call without a"
                                    + " credential may only read: call it through the gateway with an API key")
                    .property("capability", name)
                    .property("tool", toolName);
        }

        List<String> failures = new ArrayList<>();
        boolean onlyNotOffered = true;
        List<Entry> route = route(toolName, tool);
        for (int i = 0; i < route.size(); i++) {
            Entry entry = route.get(i);
            String server = entry.server();
            String serverTool = entry.serverTool(toolName);
            if (anonymous && !free(entry)) {
                failures.add(server + " skipped (priced: a call without a credential uses free entries only)");
                onlyNotOffered = false;
                continue;
            }
            String disabled = servers.disabled(server);
            if (disabled != null) {
                failures.add(server + " skipped (" + disabled + ")");
                onlyNotOffered = false;
                continue;
            }
            Optional<String> quarantined = pins.quarantined(server, serverTool);
            if (quarantined.isPresent()) {
                failures.add(server + " skipped (" + quarantined.get() + ")");
                onlyNotOffered = false;
                continue;
            }
            CircuitBreaker breaker = breaker(server, serverTool);
            if (!breaker.tryAcquirePermission()) {
                failures.add(server + " skipped (breaker open)");
                onlyNotOffered = false;
                continue;
            }
            long started = System.nanoTime();
            try {
                WhenDown whenDown = !readOnly
                        ? WhenDown.WAIT
                        : fallbackAfter(route, i, toolName, anonymous) ? WhenDown.FALL_BACK : WhenDown.WAIT_AND_REPEAT;
                ToolResponse response = servers.call(server, serverTool, mapped(entry, arguments), whenDown);
                if (response.error() && failed(entry, response.text())) {
                    throw new ServerCallException(
                            server, Kind.FAILED, "could not serve: " + abbreviate(response.text()));
                }
                String content =
                        response.error() ? response.text() : entry.normaliser().normalise(response.text());
                long elapsed = System.nanoTime() - started;
                breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                latency(server, serverTool, elapsed);
                record(name, server, serverTool, response.error() ? "tool_error" : "success", elapsed);
                return answered(name, toolName, entry, response.error(), content, elapsed);
            } catch (PlatformException e) {
                // the caller's fault, found by a built-in server before it called anything: no verdict on the entry
                breaker.releasePermission();
                throw e;
            } catch (Normaliser.EmptyResult e) {
                long elapsed = System.nanoTime() - started;
                breaker.onError(elapsed, TimeUnit.NANOSECONDS, e);
                record(name, server, serverTool, "empty", elapsed);
                failures.add(server + " " + e.getMessage());
                onlyNotOffered = false;
            } catch (ServerCallException e) {
                long elapsed = System.nanoTime() - started;
                if (e.kind() == Kind.TOOL_NOT_OFFERED) {
                    breaker.releasePermission();
                    failures.add(server + " " + e.getMessage());
                    continue;
                }
                if (e.kind() == Kind.INVALID_ARGUMENTS) {
                    breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                    record(name, server, serverTool, e.kind().outcome(), elapsed);
                    throw new PlatformException(
                                    HttpStatus.BAD_REQUEST,
                                    ProblemTypes.INVALID_REQUEST,
                                    "Invalid tool arguments",
                                    "Tool '" + toolName + "' rejected the arguments: " + e.getMessage())
                            .property("capability", name)
                            .property("tool", toolName);
                }
                if (e.kind() == Kind.REJECTED
                        && !UNREACHABLE.matcher(e.getMessage()).find()) {
                    // the server is fine; the call was not (a failed query): that is the answer
                    breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                    latency(server, serverTool, elapsed);
                    record(name, server, serverTool, "tool_error", elapsed);
                    return answered(name, toolName, entry, true, e.getMessage(), elapsed);
                }
                breaker.onError(elapsed, TimeUnit.NANOSECONDS, e);
                if (e.kind() == Kind.EXITED) {
                    // a dead server is known broken, not a failure rate: skipped until its probe finds it back
                    open(breaker);
                }
                record(name, server, serverTool, e.kind().outcome(), elapsed);
                onlyNotOffered = false;
                failures.add(server + " " + e.getMessage());
                log.warn("Capability {}: server {} failed for tool {}: {}", name, server, serverTool, e.getMessage());
            }
            if (!readOnly) {
                failures.add("no fallback: tool '" + toolName + "' is not read-only");
                break;
            }
        }
        if (onlyNotOffered) {
            throw toolNotOffered(name, toolName, List.copyOf(capability.tools().keySet()));
        }
        throw new PlatformException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemTypes.UNAVAILABLE,
                        "Capability unavailable",
                        "Every entry of capability '" + name + "' failed: " + String.join("; ", failures))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .property("capability", name)
                .property("tool", toolName);
    }

    /**
     * Whether an entry after the {@code index}th of the route could answer instead (healthy, and free for an
     * anonymous call): then a dead server there is not waited for.
     */
    private boolean fallbackAfter(List<Entry> route, int index, String toolName, boolean anonymous) {
        for (int i = index + 1; i < route.size(); i++) {
            Entry next = route.get(i);
            if (healthy(toolName, next) && (!anonymous || free(next))) {
                return true;
            }
        }
        return false;
    }

    private static void open(CircuitBreaker breaker) {
        CircuitBreaker.State state = breaker.getState();
        if (state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.HALF_OPEN) {
            try {
                breaker.transitionToOpenState();
            } catch (IllegalStateTransitionException e) {
                // another call opened it meanwhile
            }
        }
    }

    private static boolean free(Entry entry) {
        return entry.costPerCallUsd().signum() == 0;
    }

    /**
     * Whether an error the server reported means it could not serve (so the next entry may): a network error or
     * rate limit, or any error of a server whose answers are results to normalise (a search that failed is no
     * answer to the caller's question).
     */
    private static boolean failed(Entry entry, String error) {
        return entry.normaliser() != Normaliser.TEXT
                || UNREACHABLE.matcher(error == null ? "" : error).find();
    }

    private CapabilityResult answered(
            String capability, String toolName, Entry entry, boolean error, String content, long elapsedNanos) {
        CapabilityResult result = new CapabilityResult(
                capability,
                entry.server(),
                toolName,
                error,
                content,
                TimeUnit.NANOSECONDS.toMillis(elapsedNanos),
                entry.costPerCallUsd());
        usage.book(result, entry.serverTool(toolName));
        return result;
    }

    private CircuitBreaker breaker(String server, String serverTool) {
        return breakers.circuitBreaker(key(server, serverTool));
    }

    private static String key(String server, String serverTool) {
        return server + "/" + serverTool;
    }

    private void latency(String server, String serverTool, long elapsedNanos) {
        double millis = elapsedNanos / 1_000_000.0;
        latencies.merge(key(server, serverTool), millis, (old, now) -> old + LATENCY_WEIGHT * (now - old));
    }

    private static PlatformException toolNotOffered(String capability, String tool, List<String> offered) {
        return new PlatformException(
                        HttpStatus.NOT_FOUND,
                        ProblemTypes.NOT_FOUND,
                        "Unknown tool",
                        "Capability '" + capability + "' does not offer tool '" + tool + "'; it offers " + offered)
                .property("capability", capability)
                .property("tool", tool);
    }

    /**
     * Defaults, then the caller's arguments over them, then the query for the tool's query argument when still
     * missing, with relative paths made absolute.
     */
    private Map<String, Object> arguments(Capability capability, Tool tool, Map<String, Object> given, String query) {
        Map<String, Object> arguments = new LinkedHashMap<>(directories.expandValues(capability.defaultArguments()));
        if (given != null) {
            arguments.putAll(given);
        }
        if (tool.queryArgument() != null
                && !arguments.containsKey(tool.queryArgument())
                && query != null
                && !query.isBlank()) {
            arguments.put(tool.queryArgument(), query);
        }
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

    /** The server tool's arguments: the entry's mapping applied to the caller's, or the caller's unchanged. */
    private Map<String, Object> mapped(Entry entry, Map<String, Object> arguments) {
        if (entry.arguments().isEmpty()) {
            return arguments;
        }
        Map<String, Object> mapped = new LinkedHashMap<>();
        directories.expandValues(entry.arguments()).forEach((key, value) -> {
            if (value instanceof String text) {
                Matcher reference = REFERENCE.matcher(text);
                if (reference.matches()) {
                    Object given = arguments.get(reference.group(1));
                    if (given != null) {
                        mapped.put(key, given);
                    }
                    return;
                }
            }
            mapped.put(key, value);
        });
        return mapped;
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

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    private void record(String capability, String server, String tool, String outcome, long elapsedNanos) {
        CallMeters call = callMeters.computeIfAbsent(List.of(capability, server, tool, outcome), this::callMeters);
        call.calls().increment();
        call.latency().record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    private CallMeters callMeters(List<String> key) {
        String capability = key.get(0);
        String server = key.get(1);
        String tool = key.get(2);
        String outcome = key.get(3);
        return new CallMeters(
                Counter.builder(CALLS_METRIC)
                        .description("MCP tool calls by capability, server, tool and outcome")
                        .tag("capability", capability)
                        .tag("server", server)
                        .tag("tool", tool)
                        .tag("outcome", outcome)
                        .register(meters),
                Timer.builder(LATENCY_METRIC)
                        .description("Wall time of MCP tool calls, including a server (re)start")
                        .tag("capability", capability)
                        .tag("server", server)
                        .tag("tool", tool)
                        .tag("outcome", outcome)
                        .register(meters));
    }
}
