package dev.agentplatform.gateway.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A key issued through the admin API, as stored (the secret itself is not: only its SHA-256).
 *
 * @param id the key's public id, used to revoke it
 * @param userId the user it authenticates
 * @param tier the user's tier
 * @param expiresAt when it stops working; {@code null} for never
 * @param allowedModels the models it may ask for; empty for any
 * @param requestsPerMinute its own request limit per rate-limit window, on top of the user's; 0 for
 *     none
 * @param team the team it belongs to, whose budget applies to its requests; {@code null} for none
 */
public record StoredKey(
        String id,
        String userId,
        String tier,
        Instant expiresAt,
        Set<String> allowedModels,
        int requestsPerMinute,
        String team) {

    public StoredKey {
        allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
    }

    boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    Caller caller() {
        return new Caller(userId, tier, false, id, allowedModels, requestsPerMinute, team);
    }
}
