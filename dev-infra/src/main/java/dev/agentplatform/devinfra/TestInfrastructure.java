package dev.agentplatform.devinfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * Redis, PostgreSQL and Neo4j for tests: the servers in {@code REDIS_URL} / {@code DATABASE_URL} /
 * {@code NEO4J_URI} when set (as in CI for the first two), otherwise embedded real servers started
 * once per JVM and stopped at exit (Neo4j in a process of its own). Tests isolate their data:
 * Redis by database index, PostgreSQL by a database of their own, Neo4j by user ids of their own.
 */
public final class TestInfrastructure {

    private static EmbeddedRedis redis;
    private static EmbeddedPostgres postgres;
    private static EmbeddedNeo4jProcess neo4j;

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

    /**
     * A Neo4j Bolt URI: {@code NEO4J_URI} when set (its credentials then come from {@code
     * NEO4J_USERNAME} / {@code NEO4J_PASSWORD}), otherwise the embedded server of module
     * {@code dev-neo4j} without authentication, which must have been built (its {@code
     * target/classpath.txt} and classes).
     */
    public static synchronized String neo4jUri() {
        String uri = System.getenv("NEO4J_URI");
        if (uri != null && !uri.isBlank()) {
            return uri;
        }
        if (neo4j == null) {
            neo4j = EmbeddedNeo4jProcess.start();
            Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close));
        }
        return neo4j.uri();
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
