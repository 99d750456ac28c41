package dev.agentplatform.e2e;

import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import io.lettuce.core.RedisClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The six services started from their jars for one test class, on a Redis database index and a
 * PostgreSQL database of their own, both emptied again when it closes.
 */
final class PlatformUnderTest implements AutoCloseable {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String redisUrl;
    private final TestDatabase database;
    private final ServiceProcesses services;

    /**
     * Starts the platform and waits until every service is ready.
     *
     * @param name names the database and the log folder
     * @param redisDb the Redis database index no other test class uses
     * @param env settings besides the wiring, Redis and the database
     */
    PlatformUnderTest(String name, int redisDb, Map<String, String> env) throws Exception {
        redisUrl = TestInfrastructure.redisUrl(redisDb);
        flushRedis();
        database = TestInfrastructure.createDatabase("e2e_" + name);
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        services = new ServiceProcesses(root, Path.of("target", "e2e-logs", name));
        Map<String, String> all = new HashMap<>(env);
        all.put("REDIS_URL", redisUrl);
        all.put("DATABASE_URL", database.databaseUrl());
        try {
            services.start(all);
            services.awaitReady(Duration.ofMinutes(4));
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    ServiceProcesses services() {
        return services;
    }

    /** The Redis the services use (their own database index). */
    String redisUrl() {
        return redisUrl;
    }

    TestDatabase database() {
        return database;
    }

    String url(String service) {
        return services.url(service);
    }

    URI gateway(String path) {
        return URI.create(services.url("gateway-service") + path);
    }

    /** Sends {@code request}, waiting at most 60 s for the answer. */
    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts JSON to the gateway with {@code key}, never served from a cache. */
    HttpResponse<String> post(String path, String key, String body) throws Exception {
        return send(HttpRequest.newBuilder(gateway(path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Cache-Control", "no-store")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private void flushRedis() {
        RedisClient client = RedisClient.create(redisUrl);
        try (var connection = client.connect()) {
            connection.sync().flushdb();
        } finally {
            client.shutdown();
        }
    }

    @Override
    public void close() {
        services.close();
        database.drop();
        flushRedis();
    }
}
