package dev.agentplatform.gateway.auth;

import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.gateway.config.ProblemResponses;
import dev.agentplatform.support.PlatformException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
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
 * looked up among the issued keys in Redis ({@link KeyStore}).
 */
@Component
class ApiKeyAuthenticationFilter implements WebFilter, Ordered {

    /** Right after the request id is assigned, so problems carry it, and before anything else. */
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
        if (isAdminPath(path)) {
            if (keys.isAdmin(key)) {
                return proceed(exchange, chain, new Caller("admin", "admin", true));
            }
            if (keys.user(key).isPresent()) {
                return notAdmin(exchange);
            }
            return store.find(key)
                    .onErrorResume(e -> Mono.just(Optional.empty()))
                    .flatMap(found ->
                            found.isPresent() ? notAdmin(exchange) : unauthorized(exchange, "Unknown API key"));
        }
        if (needsAdmin(exchange.getRequest().getMethod(), path)) {
            if (keys.isAdmin(key)) {
                return proceed(exchange, chain, new Caller("admin", "admin", true));
            }
            return problems.write(
                    exchange,
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "Forbidden",
                    "Registering and removing agents needs the admin key");
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
                })
                .build();
        ServerWebExchange authenticated = exchange.mutate().request(request).build();
        authenticated.getAttributes().put(Caller.ATTRIBUTE, caller);
        return chain.filter(authenticated);
    }

    private Mono<Void> notAdmin(ServerWebExchange exchange) {
        return problems.write(
                exchange,
                HttpStatus.FORBIDDEN,
                ProblemTypes.FORBIDDEN,
                "Forbidden",
                "This key may not use the admin API");
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

    /** Actuator only; a path that climbs or hides its segments never counts as public. */
    private static boolean isPublic(String path) {
        return (path.equals("/actuator") || path.startsWith("/actuator/"))
                && !path.contains("..")
                && !path.contains("%")
                && !path.contains(";");
    }

    /** Changing the agent registry is an operator's act; reading it is anyone's. */
    private static boolean needsAdmin(HttpMethod method, String path) {
        return (path.equals("/v1/agents") || path.startsWith("/v1/agents/"))
                && (HttpMethod.POST.equals(method)
                        || HttpMethod.DELETE.equals(method)
                        || HttpMethod.PUT.equals(method));
    }

    private static boolean isAdminPath(String path) {
        return path.equals("/admin") || path.startsWith("/admin/");
    }
}
