package dev.agentplatform.gateway.auth;

import java.util.Set;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who is calling, as established from the API key.
 *
 * @param userId the user the key belongs to
 * @param tier the user's tier
 * @param admin whether the admin key was presented
 * @param keyId the key's id: what a key's own rate limit counts against
 * @param allowedModels the models this key may ask for; empty for any
 * @param requestsPerMinute the key's own request limit per rate-limit window, on top of the user's;
 *     0 for none
 * @param team the key's team, whose budget applies to its requests; {@code null} for none
 */
public record Caller(
        String userId,
        String tier,
        boolean admin,
        String keyId,
        Set<String> allowedModels,
        int requestsPerMinute,
        String team) {

    static final String ATTRIBUTE = Caller.class.getName();

    public Caller {
        allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
    }

    /** A caller of a configured key, which has no id of its own and may use every model. */
    public Caller(String userId, String tier, boolean admin) {
        this(userId, tier, admin, (admin ? "admin:" : "config:") + userId, Set.of(), 0, null);
    }

    /** A caller of a key of no team. */
    public Caller(
            String userId, String tier, boolean admin, String keyId, Set<String> allowedModels, int requestsPerMinute) {
        this(userId, tier, admin, keyId, allowedModels, requestsPerMinute, null);
    }

    /** Whether this key may ask for {@code model}. */
    public boolean mayUse(String model) {
        return allowedModels.isEmpty() || allowedModels.contains(model);
    }

    /** The caller of an exchange, if it passed authentication. */
    public static java.util.Optional<Caller> find(ServerWebExchange exchange) {
        return java.util.Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }

    /** The caller of an exchange that passed authentication. */
    public static Caller of(ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException(
                    "request was not authenticated: " + exchange.getRequest().getPath());
        }
        return caller;
    }
}
