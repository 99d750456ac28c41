package dev.agentplatform.gateway.auth;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Schedulers;

/**
 * Issued keys in PostgreSQL, schema {@code gateway}: their source of truth. Blocking JDBC; callers
 * run it on {@code Schedulers.boundedElastic()}, never on the event loop. The schema is migrated
 * on first use rather than during start-up (see {@code KeyDatabaseConfig}): the gateway must start
 * and serve configured and cached keys while PostgreSQL is down, as it does without Redis.
 */
@Component
class KeyDatabase {

    private static final Logger log = LoggerFactory.getLogger(KeyDatabase.class);

    private static final String COLUMNS =
            "id, user_id, tier, expires_at, allowed_models, requests_per_minute, team, revoked_at IS NULL AS active";

    /** What a revocation found: the key's digest, and whether it was still active. */
    record Revocation(String digest, boolean wasActive) {}

    private final JdbcClient jdbc;
    private final Flyway flyway;
    private volatile boolean migrated;

    KeyDatabase(JdbcClient jdbc, Flyway flyway) {
        this.jdbc = jdbc;
        this.flyway = flyway;
    }

    /** The active (not revoked) key with this digest, expired or not. */
    Optional<StoredKey> findActive(String digest) {
        migrate();
        return jdbc.sql("SELECT " + COLUMNS + " FROM gateway.api_keys WHERE secret_sha256 = ? AND revoked_at IS NULL")
                .param(digest)
                .query(KeyDatabase::row)
                .optional();
    }

    /** Stores a newly issued key under its digest. */
    void insert(String digest, StoredKey key) {
        migrate();
        jdbc.sql("INSERT INTO gateway.api_keys (id, secret_sha256, user_id, tier, expires_at, allowed_models, "
                        + "requests_per_minute, team) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .param(key.id())
                .param(digest)
                .param(key.userId())
                .param(key.tier())
                .param(key.expiresAt() == null ? null : Timestamp.from(key.expiresAt()))
                .param(key.allowedModels().toArray(String[]::new))
                .param(key.requestsPerMinute())
                .param(key.team())
                .update();
    }

    /** Marks the key revoked; what it found, empty when there is no key with this id. */
    Optional<Revocation> revoke(String id) {
        migrate();
        Optional<String> revoked = jdbc.sql(
                        "UPDATE gateway.api_keys SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL "
                                + "RETURNING secret_sha256")
                .param(id)
                .query(String.class)
                .optional();
        if (revoked.isPresent()) {
            return Optional.of(new Revocation(revoked.get(), true));
        }
        // revoked before: its digest still lets the caller clear a cache entry a failed revocation left
        return jdbc.sql("SELECT secret_sha256 FROM gateway.api_keys WHERE id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .map(digest -> new Revocation(digest, false));
    }

    /** Tries the migration once the application is up, so the first key request does not wait for it. */
    @EventListener(ApplicationReadyEvent.class)
    void migrateInBackground() {
        Schedulers.boundedElastic().schedule(() -> {
            try {
                migrate();
            } catch (RuntimeException e) {
                log.warn(
                        "gateway schema not migrated yet (PostgreSQL unreachable?); retried on first use: {}",
                        e.toString());
            }
        });
    }

    private void migrate() {
        if (!migrated) {
            synchronized (this) {
                if (!migrated) {
                    flyway.migrate();
                    migrated = true;
                }
            }
        }
    }

    private static StoredKey row(ResultSet rs, int row) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        Array models = rs.getArray("allowed_models");
        return new StoredKey(
                rs.getString("id"),
                rs.getString("user_id"),
                rs.getString("tier"),
                expires == null ? null : expires.toInstant(),
                models == null ? Set.of() : Set.of((String[]) models.getArray()),
                rs.getInt("requests_per_minute"),
                rs.getString("team"));
    }
}
