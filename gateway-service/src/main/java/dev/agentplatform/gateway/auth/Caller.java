package dev.agentplatform.gateway.auth;

import org.springframework.web.server.ServerWebExchange;

/**
 * Who is calling, as established from the API key.
 *
 * @param userId the user the key belongs to
 * @param tier the user's tier
 * @param admin whether the admin key was presented
 */
public record Caller(String userId, String tier, boolean admin) {

    static final String ATTRIBUTE = Caller.class.getName();

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
