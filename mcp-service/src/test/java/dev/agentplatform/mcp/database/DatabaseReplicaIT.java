package dev.agentplatform.mcp.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.devinfra.ReplicatedPostgres;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.mcp.McpHttp;
import dev.agentplatform.mcp.McpHttp.Response;
import dev.agentplatform.mcp.McpTestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database capability against a primary of its own with a real streaming-replication standby as the replica:
 * with the primary stopped, queries are answered by the replica.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1"})
class DatabaseReplicaIT {

    private static final ReplicatedPostgres POSTGRES = ReplicatedPostgres.start();
    private static final String COUNT_ORDERS =
            "{\"arguments\": {\"sql\": \"select count(*) as n from analytics.orders\"}}";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", POSTGRES::primaryJdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("platform.mcp.database.replica-url", POSTGRES::standbyUrl);
        registry.add("spring.data.redis.url", () -> TestInfrastructure.redisUrl(McpTestDatabase.REDIS_DATABASE));
    }

    @AfterAll
    static void stop() {
        POSTGRES.close();
    }

    @LocalServerPort
    int port;

    @Test
    void withThePrimaryStoppedTheReplicaAnswersAndStillRefusesWrites() throws Exception {
        McpHttp http = new McpHttp(port);
        Response before = http.post("/v1/capabilities/database/call", COUNT_ORDERS);
        assertThat(before.status()).as(before.body()).isEqualTo(200);
        assertThat(before.json().get("server").asString()).isEqualTo("postgres-primary");
        assertThat(before.json().get("content").asString()).contains("2000");

        // the seeded data and the read-only role reach the standby by streaming replication
        POSTGRES.awaitStandbyCaughtUp(Duration.ofSeconds(60));
        POSTGRES.stopPrimary();

        Response after = http.post("/v1/capabilities/database/call", COUNT_ORDERS);
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        assertThat(after.json().get("server").asString()).isEqualTo("postgres-replica");
        assertThat(after.json().get("error").asBoolean()).isFalse();
        assertThat(after.json().get("content").asString()).contains("2000");

        Response write = http.post(
                "/v1/capabilities/database/call", "{\"arguments\": {\"sql\": \"delete from analytics.orders\"}}");
        assertThat(write.status()).as(write.body()).isEqualTo(200);
        assertThat(write.json().get("error").asBoolean()).isTrue();
        assertThat(write.json().get("server").asString()).isEqualTo("postgres-replica");
    }
}
