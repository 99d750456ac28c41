package dev.agentplatform.gateway.auth;

import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.gateway.config.ProblemResponses;
import dev.agentplatform.support.PlatformException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates every request except {@code /actuator/**} by its API key ({@code Authorization:
 * Bearer <key>} or {@code X-API-Key}). Denying by default means a new endpoint is never public by
 * accident. The key's user replaces whatever identity headers the client sent, and neither the key
 * nor a client-made {@code X-Prompt-Embedding} is forwarded: downstream services trust these
 * headers, and never see secrets. Configured keys are checked first, in memory; any other key is
 * looked up among the issued keys ({@link KeyStore}). It decides on the canonical path the path
 * filter left on the request, which is the path the routes forward; the admin API and writes to the
 * agent registry need the admin key ({@link AdminRoutes}).
 */
@Component
class ApiKeyAuthenticationFilter implements WebFilter, Ordered {

    /** After the request id and the path filter, so problems carry the one and decisions see the other. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private static final String BEARER = "bearer ";
    private static final String CHALLENGE = "Bearer realm=\"agent-platform\"";

    private final ApiKeys keys;
    private final KeyStore store;
    private final ProblemResponses problems;
    private final Clock clock;

    ApiKeyAuthenticationFilter(ApiKeyProperties properties, KeyStore store, ProblemResponses problems) {
        this.keys = new ApiKeys(properties);
        this.store = store;
        this.problems = problems;
        this.clock = Clock.systemUTC();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (isPublic(path)) {
            return chain.filter(exchange);
        }
        String key = presentedKey(exchange.getRequest().getHeaders());
        if (key == null) {
            return unauthorized(exchange, "An API key is required: Authorization: Bearer <key> or X-API-Key");
        }
        AdminRoutes.Access access = AdminRoutes.access(exchange.getRequest().getMethod(), path);
        if (access != AdminRoutes.Access.USER) {
            return admin(exchange, chain, key, access, path);
        }
        Optional<Caller> configured = keys.user(key);
        if (configured.isPresent()) {
            return proceed(exchange, chain, configured.get());
        }
        return store.find(key)
                .onErrorMap(e -> new PlatformException(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                ProblemTypes.UNAVAILABLE,
                                "Service unavailable",
                                "API keys cannot be checked right now; try again shortly")
                        .header(HttpHeaders.RETRY_AFTER, "1"))
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return unauthorized(exchange, "Unknown API key");
                    }
                    if (found.get().expiredAt(clock.instant())) {
                        return unauthorized(exchange, "The API key has expired");
                    }
                    return proceed(exchange, chain, found.get().caller());
                });
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private static Mono<Void> proceed(ServerWebExchange exchange, WebFilterChain chain, Caller caller) {
        ServerHttpRequest request = exchange.getRequest()
                .mutate()
                .headers(headers -> {
                    headers.remove(HttpHeaders.AUTHORIZATION);
                    headers.remove(Headers.API_KEY);
                    // only the gateway computes the embedding; a client could steer routing with one
                    headers.remove(Headers.PROMPT_EMBEDDING);
                    headers.set(Headers.USER_ID, caller.userId());
                    headers.set(Headers.USER_TIER, caller.tier());
                    // the key and team travel in the service credential alone; a client's are dropped
                    headers.remove(Headers.KEY_ID);
                    headers.remove(Headers.USER_TEAM);
                })
                .build();
        ServerWebExchange authenticated = exchange.mutate().request(request).build();
        authenticated.getAttributes().put(Caller.ATTRIBUTE, caller);
        return chain.filter(authenticated);
    }

    /**
     * A request in a protected area: served only with the admin key and only when it is a listed
     * operation; any other valid key is refused with 403, an unknown key with 401.
     */
    private Mono<Void> admin(
            ServerWebExchange exchange, WebFilterChain chain, String key, AdminRoutes.Access access, String path) {
        if (keys.isAdmin(key)) {
            if (access == AdminRoutes.Access.ADMIN) {
                return proceed(exchange, chain, new Caller("admin", "admin", true));
            }
            return problems.write(
                    exchange, HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", "No such admin operation");
        }
        if (keys.user(key).isPresent()) {
            return notAdmin(exchange, path);
        }
        return store.find(key)
                .onErrorResume(e -> Mono.just(Optional.empty()))
                .flatMap(found ->
                        found.isPresent() ? notAdmin(exchange, path) : unauthorized(exchange, "Unknown API key"));
    }

    private Mono<Void> notAdmin(ServerWebExchange exchange, String path) {
        AdminRoutes.Area area = AdminRoutes.area(exchange.getRequest().getMethod(), path);
        return problems.write(
                exchange,
                HttpStatus.FORBIDDEN,
                ProblemTypes.FORBIDDEN,
                "Forbidden",
                area == AdminRoutes.Area.AGENT_REGISTRY
                        ? "Registering, changing and removing agents needs the admin key"
                        : area == AdminRoutes.Area.PROVIDER_CATALOG
                                ? "Reading the provider catalog needs the admin key"
                                : "This key may not use the admin API");
    }

    private Mono<Void> unauthorized(ServerWebExchange exchange, String detail) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        return problems.write(exchange, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized", detail);
    }

    /** The key from {@code Authorization: Bearer} or else {@code X-API-Key}; {@code null} when neither. */
    static String presentedKey(HttpHeaders headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).trim();
            if (!token.isEmpty()) {
                return token;
            }
        }
        String apiKey = headers.getFirst(Headers.API_KEY);
        return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }

    /**
     * Actuator only, on the canonical path, and only in plain spellings: letters, digits, {@code -}
     * and {@code /} (the path filter has already refused dot segments and matrix parameters).
     */
    private static boolean isPublic(String path) {
        if (!path.equals("/actuator") && !path.startsWith("/actuator/")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '/')) {
                return false;
            }
        }
        return true;
    }
}
