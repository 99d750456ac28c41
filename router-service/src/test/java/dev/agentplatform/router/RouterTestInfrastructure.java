package dev.agentplatform.router;

import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The router's test infrastructure: a PostgreSQL database of its own and Redis database 14. */
public final class RouterTestInfrastructure {

    public static final int REDIS_DATABASE = 14;

    private RouterTestInfrastructure() {}

    /** Points the service at {@code database} and Redis database 14, with the cost service nowhere. */
    public static void register(DynamicPropertyRegistry registry, TestDatabase database) {
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("spring.data.redis.url", RouterTestInfrastructure::redisUrl);
        registry.add("platform.router.budget.enabled", () -> "false");
    }

    public static String redisUrl() {
        return TestInfrastructure.redisUrl(REDIS_DATABASE);
    }

    /** Empties Redis database 14 with a client of its own, so it works with no context running. */
    public static void flushRedis() {
        RedisClient client = RedisClient.create(redisUrl());
        try (var connection = client.connect()) {
            connection.sync().flushdb();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
