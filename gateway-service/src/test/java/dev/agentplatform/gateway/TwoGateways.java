package dev.agentplatform.gateway;

import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import io.lettuce.core.RedisClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gateway instances as separate application contexts on one Redis (test database 15) and one
 * PostgreSQL database, as replicas behind a load balancer would run.
 */
final class TwoGateways implements AutoCloseable {

    static final int REDIS_DB = 15;
    static final String ADMIN_KEY = "test-admin-key-1";

    private static TestDatabase database;

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    /** Starts {@code count} gateways with the router at {@code routerUrl} plus {@code extra} properties. */
    static TwoGateways start(int count, String routerUrl, Map<String, Object> extra) {
        TwoGateways gateways = new TwoGateways();
        for (int i = 0; i < count; i++) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("server.port", 0);
            properties.put("server.address", "127.0.0.1");
            if (!extra.containsKey("spring.data.redis.url")) {
                properties.put("spring.data.redis.url", redisUrl());
            }
            if (!extra.containsKey("spring.datasource.url")) {
                TestDatabase database = database();
                properties.put("spring.datasource.url", database.jdbcUrl());
                properties.put("spring.datasource.username", database.username());
                properties.put("spring.datasource.password", database.password());
            }
            properties.put("platform.gateway.auth.admin-key", ADMIN_KEY);
            properties.put("platform.gateway.routes.router-url", routerUrl);
            properties.put("management.otlp.metrics.export.enabled", false);
            // a semantic index per instance and run: the Lucene index outlives its context
            properties.put(
                    "platform.gateway.semantic.lucene-directory",
                    TestInfrastructure.tempDir("gateway-semantic-" + java.util.UUID.randomUUID()));
            properties.putAll(extra);
            // as arguments: default properties would lose to application.yml
            String[] args = properties.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            gateways.contexts.add(new SpringApplicationBuilder(GatewayApplication.class).run(args));
        }
        return gateways;
    }

    /**
     * The gateways' PostgreSQL database: one per test JVM, made on first use and dropped at exit.
     * Tests tell their keys apart by user id.
     */
    static synchronized TestDatabase database() {
        if (database == null) {
            database = TestInfrastructure.createDatabase("gateway_it");
            TestDatabase made = database;
            Runtime.getRuntime().addShutdownHook(new Thread(made::drop));
        }
        return database;
    }

    /** A PostgreSQL URL where nothing listens, for tests that must not touch a database of the machine's. */
    static String unreachableDatabaseUrl() {
        return "jdbc:postgresql://127.0.0.1:" + dev.agentplatform.devinfra.Ports.free() + "/none";
    }

    static String redisUrl() {
        return TestInfrastructure.redisUrl(REDIS_DB);
    }

    static void flushRedis() {
        RedisClient client = RedisClient.create(redisUrl());
        try (var connection = client.connect()) {
            connection.sync().flushdb();
        } finally {
            client.shutdown();
        }
    }

    int port(int instance) {
        return ((WebServerApplicationContext) contexts.get(instance))
                .getWebServer()
                .getPort();
    }

    ConfigurableApplicationContext context(int instance) {
        return contexts.get(instance);
    }

    @Override
    public void close() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    /** Issues a key through the admin API of the gateway behind {@code client}; the secret. */
    static String issueKey(
            org.springframework.test.web.reactive.server.WebTestClient client, String userId, String tier) {
        return issue(client, "{\"userId\": \"" + userId + "\", \"tier\": \"" + tier + "\"}")
                .get("key")
                .asString();
    }

    /** Issues a key described by {@code body} through the admin API; the 201 answer (id, key, ...). */
    static tools.jackson.databind.JsonNode issue(
            org.springframework.test.web.reactive.server.WebTestClient client, String body) {
        byte[] response = client.post()
                .uri("/admin/v1/keys")
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return new tools.jackson.databind.json.JsonMapper().readTree(response);
    }
}
