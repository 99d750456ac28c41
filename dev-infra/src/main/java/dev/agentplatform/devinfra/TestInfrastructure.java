package dev.agentplatform.devinfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * Redis and PostgreSQL for tests: the servers in {@code REDIS_URL} / {@code DATABASE_URL} when
 * set (as in CI), otherwise embedded real servers started once per JVM and stopped at exit.
 * Tests isolate their data: Redis by database index, PostgreSQL by a database of their own.
 */
public final class TestInfrastructure {

    private static EmbeddedRedis redis;
    private static EmbeddedPostgres postgres;

    private TestInfrastructure() {}

    /** {@code redis://host:port/<database>}; the caller owns that database index and cleans it. */
    public static synchronized String redisUrl(int database) {
        String base = System.getenv("REDIS_URL");
        if (base == null || base.isBlank()) {
            if (redis == null) {
                redis = EmbeddedRedis.start(Ports.free());
                Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
            }
            base = redis.url();
        }
        return InfrastructureUrls.withRedisDatabase(base, database);
    }

    /** A new empty database named {@code <prefix>_<random>} on the test PostgreSQL server. */
    public static synchronized TestDatabase createDatabase(String prefix) {
        String server = System.getenv("DATABASE_URL");
        if (server == null || server.isBlank()) {
            if (postgres == null) {
                Path dir = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg-" + UUID.randomUUID());
                postgres = EmbeddedPostgres.start(0, dir, false);
                Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
            }
            server = postgres.url();
        }
        InfrastructureUrls.Jdbc admin = InfrastructureUrls.jdbc(server);
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        try (var connection = DriverManager.getConnection(admin.url(), admin.username(), admin.password());
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database on " + admin.url(), e);
        }
        return new TestDatabase(name, admin.withDatabase(name), admin.username(), admin.password(), admin.url());
    }

    /** A directory under the build's temporary directory, created if needed. */
    public static Path tempDir(String name) {
        try {
            return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
