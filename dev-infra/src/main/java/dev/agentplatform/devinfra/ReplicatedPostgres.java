package dev.agentplatform.devinfra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * For tests that lose a database: an embedded PostgreSQL primary of their own (never the shared {@code
 * DATABASE_URL} server) with a streaming-replication hot standby ({@link PostgresStandby}), both on free loopback
 * ports under the build's temporary directory. {@link #stopPrimary()} takes the primary away; {@link #close()}
 * stops what is left.
 */
public final class ReplicatedPostgres implements AutoCloseable {

    private final EmbeddedPostgres primary;
    private final PostgresStandby standby;
    private boolean primaryStopped;

    private ReplicatedPostgres(EmbeddedPostgres primary, PostgresStandby standby) {
        this.primary = primary;
        this.standby = standby;
    }

    /** Starts a new primary and its standby. */
    public static ReplicatedPostgres start() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "replicated-pg-" + UUID.randomUUID());
        EmbeddedPostgres primary = EmbeddedPostgres.start(0, dir.resolve("primary"), false);
        try {
            return new ReplicatedPostgres(primary, primary.startStandby(dir.resolve("standby"), Ports.free()));
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /** The primary's database {@code postgres}: {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
    public String primaryJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primary.port() + "/postgres";
    }

    /** The standby's database {@code postgres}: {@code postgresql://postgres@127.0.0.1:<port>/postgres}. */
    public String standbyUrl() {
        return standby.url("postgres");
    }

    public String standbyJdbcUrl() {
        return standby.jdbcUrl("postgres");
    }

    /** Waits until the standby has replayed all the primary has written so far. */
    public void awaitStandbyCaughtUp(Duration timeout) {
        standby.awaitCaughtUp(timeout);
    }

    /** Stops the primary (fast shutdown: connections are cut); the standby keeps serving reads. */
    public synchronized void stopPrimary() {
        if (!primaryStopped) {
            primaryStopped = true;
            primary.close();
        }
    }

    @Override
    public synchronized void close() {
        standby.close();
        stopPrimary();
    }
}
