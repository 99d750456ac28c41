package dev.agentplatform.mcp;

import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One PostgreSQL database of the service's own for the test run (DATABASE_URL's server, else an embedded one), and
 * Redis database {@value #REDIS_DATABASE}.
 */
public final class McpTestDatabase {

    public static final int REDIS_DATABASE = 6;

    private static TestDatabase database;

    private McpTestDatabase() {}

    public static synchronized TestDatabase get() {
        if (database == null) {
            TestDatabase created = TestInfrastructure.createDatabase("mcp_it");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    created.drop();
                } catch (RuntimeException ignored) {
                    // the server may be gone already
                }
            }));
            database = created;
        }
        return database;
    }

    /** Points the service at the test database and Redis. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> get().jdbcUrl());
        registry.add("spring.datasource.username", () -> get().username());
        registry.add("spring.datasource.password", () -> get().password());
        registry.add("spring.data.redis.url", () -> TestInfrastructure.redisUrl(REDIS_DATABASE));
    }
}
