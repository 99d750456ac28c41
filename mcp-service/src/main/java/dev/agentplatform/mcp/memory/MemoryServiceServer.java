package dev.agentplatform.mcp.memory;

import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.mcp.server.BuiltInServer;
import dev.agentplatform.mcp.server.ServerCallException;
import dev.agentplatform.mcp.server.ServerCallException.Kind;
import dev.agentplatform.mcp.server.ServerState;
import dev.agentplatform.mcp.server.ToolResponse;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.http.PooledHttp;
import dev.agentplatform.support.security.ServiceCaller;
import dev.agentplatform.support.security.ServiceTokens;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * memory-service's {@code POST /v1/memories/search} and {@code POST /v1/memories} as the tools {@code search} and
 * {@code add} of the built-in server {@code memory-service}.
 *
 * <p>Why a built-in server calling memory-service over HTTP, not an MCP server process: the memory belongs to the
 * user the call acts for, and memory-service takes that user from the service credential only. A stdio MCP server
 * would need that user passed as a tool argument (which a model could set to anyone) or one process per user;
 * here the call runs on the request's thread, reads the verified {@link ServiceCaller} and signs the call to
 * memory-service for that user (the auto-configured {@code RestClient.Builder} turns the identity headers into this
 * service's token), on the shared pooled client. As a server named in a capability chain it gets the same breaker,
 * schema check, pinned definitions, cost booking and metrics as the npm servers.
 */
@Component
class MemoryServiceServer implements BuiltInServer {

    /** The name capability chains use. */
    static final String NAME = "memory-service";

    static final String SEARCH = "search";
    static final String ADD = "add";

    /** memory-service searches with at most this many characters; more is its 400. */
    private static final int MAX_QUERY = 2_000;

    private static final List<CapabilityTool> TOOLS = List.of(
            new CapabilityTool(
                    SEARCH,
                    "Search the user's long-term memory (facts and past conversations the platform remembers for"
                            + " this user). Returns JSON: results, each with id, text, score, tier and timestamp,"
                            + " best first.",
                    Map.of(
                            "type",
                            "object",
                            "properties",
                            Map.of(
                                    "query",
                                    Map.of(
                                            "type",
                                            "string",
                                            "minLength",
                                            1,
                                            "maxLength",
                                            MAX_QUERY,
                                            "description",
                                            "what to recall"),
                                    "limit",
                                    Map.of(
                                            "type",
                                            "integer",
                                            "minimum",
                                            1,
                                            "maximum",
                                            100,
                                            "description",
                                            "how many results at most (default 10)")),
                            "required",
                            List.of("query"),
                            "additionalProperties",
                            false)),
            new CapabilityTool(
                    ADD,
                    "Remember something for the user in their long-term memory, e.g. a preference or a fact"
                            + " they stated. Returns JSON: accepted and the stored ids.",
                    Map.of(
                            "type",
                            "object",
                            "properties",
                            Map.of(
                                    "content",
                                    Map.of(
                                            "type",
                                            "string",
                                            "minLength",
                                            1,
                                            "description",
                                            "what to remember, as a sentence")),
                            "required",
                            List.of("content"),
                            "additionalProperties",
                            false)));

    private final RestClient memory;
    private volatile String lastError;
    private volatile boolean reachable = true;

    MemoryServiceServer(RestClient.Builder builder, MemoryToolsProperties properties) {
        this.memory = builder.clone()
                .baseUrl(properties.url().toString())
                .requestFactory(PooledHttp.requestFactory(properties.connectTimeout(), properties.readTimeout()))
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CapabilityTool> toolSpecs() {
        return TOOLS;
    }

    @Override
    public boolean readOnly(String tool) {
        return SEARCH.equals(tool);
    }

    @Override
    public ToolResponse call(String tool, Map<String, Object> arguments) {
        ServiceCaller caller = actingCaller();
        String path;
        Map<String, Object> body = new LinkedHashMap<>();
        switch (tool) {
            case SEARCH -> {
                path = "/v1/memories/search";
                body.put("query", arguments.get("query"));
                if (arguments.get("limit") != null) {
                    body.put("limit", arguments.get("limit"));
                }
            }
            case ADD -> {
                path = "/v1/memories";
                body.put(
                        "messages",
                        List.of(Map.of("role", "user", "content", String.valueOf(arguments.get("content")))));
            }
            default -> throw new ServerCallException(NAME, Kind.TOOL_NOT_OFFERED, "does not offer tool '" + tool + "'");
        }
        try {
            String answer = memory.post()
                    .uri(path)
                    .headers(headers -> ServiceTokens.actFor(
                            headers, caller.userId(), caller.tier(), caller.keyId(), caller.team()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .retrieve()
                    .body(String.class);
            reachable = true;
            return new ToolResponse(answer == null ? "" : answer, false);
        } catch (RestClientResponseException e) {
            throw refused(e);
        } catch (ResourceAccessException e) {
            throw unreachable(
                    e.getCause() instanceof SocketTimeoutException ? Kind.TIMEOUT : Kind.UNAVAILABLE,
                    "memory-service did not answer: " + e.getMostSpecificCause().getMessage(),
                    e);
        } catch (RestClientException e) {
            throw unreachable(Kind.FAILED, "memory-service answered nothing usable: " + e.getMessage(), e);
        }
    }

    /**
     * The caller the memory belongs to: the user the service credential acts for. A call without one (an anonymous
     * local call, a service acting for nobody) has no memory to use: 403, before memory-service is asked.
     */
    private static ServiceCaller actingCaller() {
        ServiceCaller caller = ServiceCaller.current().orElse(null);
        if (caller == null || caller.userId() == null || caller.anonymous()) {
            throw new PlatformException(
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "No user",
                    "Memory is always a user's: call it through the gateway with an API key, or with a service"
                            + " credential that acts for a user");
        }
        return caller;
    }

    /**
     * memory-service's refusal: a 4xx about the request (a too long query) is the caller's, as if a server refused
     * the arguments; anything else (its 5xx, 429, or our credential refused) means it could not serve.
     */
    private ServerCallException refused(RestClientResponseException e) {
        int status = e.getStatusCode().value();
        String detail = "memory-service answered HTTP " + status + ": " + abbreviate(e.getResponseBodyAsString());
        if (status == 400 || status == 404 || status == 413 || status == 422) {
            return new ServerCallException(NAME, Kind.INVALID_ARGUMENTS, detail, e);
        }
        return unreachable(Kind.FAILED, detail, e);
    }

    private ServerCallException unreachable(Kind kind, String detail, Exception cause) {
        reachable = false;
        lastError = detail;
        return new ServerCallException(NAME, kind, detail, cause);
    }

    @Override
    public ServerState state() {
        return new ServerState(NAME, reachable, List.of(SEARCH, ADD), 0, lastError);
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
