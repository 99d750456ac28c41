package dev.agentplatform.e2e;

import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The six services from their built jars, on a Redis database index and a PostgreSQL database of
 * their own (both emptied or created first, and removed again on close), ready to be called.
 */
final class RunningPlatform implements AutoCloseable {

    private final ServiceProcesses services;
    private final TestDatabase database;
    private final String redisUrl;

    private RunningPlatform(ServiceProcesses services, TestDatabase database, String redisUrl) {
        this.services = services;
        this.database = database;
        this.redisUrl = redisUrl;
    }

    /** Starts the platform named {@code name} (its logs in {@code target/<name>-logs}) with {@code env} on top. */
    static RunningPlatform start(int redisDb, String name, Map<String, String> env) throws Exception {
        String redisUrl = TestInfrastructure.redisUrl(redisDb);
        flush(redisUrl);
        TestDatabase database = TestInfrastructure.createDatabase(name);
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        ServiceProcesses services = new ServiceProcesses(root, Path.of("target", name + "-logs"));
        RunningPlatform platform = new RunningPlatform(services, database, redisUrl);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("REDIS_URL", redisUrl);
        all.put("DATABASE_URL", database.databaseUrl());
        all.putAll(env);
        try {
            services.start(all);
            services.awaitReady(Duration.ofMinutes(4));
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    ServiceProcesses services() {
        return services;
    }

    @Override
    public void close() {
        services.close();
        database.drop();
        flush(redisUrl);
    }

    private static void flush(String redisUrl) {
        RedisClient client = RedisClient.create(redisUrl);
        try (var connection = client.connect()) {
            connection.sync().flushdb();
        } finally {
            client.shutdown();
        }
    }
}
