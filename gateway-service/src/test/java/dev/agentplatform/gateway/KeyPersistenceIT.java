package dev.agentplatform.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.devinfra.TestDatabase;
import io.lettuce.core.RedisClient;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Issued keys live in PostgreSQL with Redis as the cache: they survive the loss of Redis's data,
 * revocations reach every instance, and an instance without its database still serves what Redis
 * has cached while refusing to issue keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyPersistenceIT {

    @RegisterExtension
    static final WireMockExtension router = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final Map<String, Object> QUIET =
            Map.of("platform.gateway.cache.enabled", false, "platform.gateway.semantic.enabled", false);

    private TwoGateways gateways;
    private TwoGateways withoutDatabase;
    private WebTestClient a;
    private WebTestClient b;
    private WebTestClient c;

    @BeforeAll
    void start() {
        TwoGateways.flushRedis();
        gateways = TwoGateways.start(2, router.baseUrl(), QUIET);
        // a third instance whose PostgreSQL is down, on the same Redis; started and stopped with the
        // others, since stopping one context early stops the Reactor Netty resources all of them share
        Map<String, Object> noDatabase = new java.util.HashMap<>(QUIET);
        noDatabase.put("spring.datasource.url", TwoGateways.unreachableDatabaseUrl());
        withoutDatabase = TwoGateways.start(1, router.baseUrl(), noDatabase);
        a = GatewayApiTest.client(gateways.port(0));
        b = GatewayApiTest.client(gateways.port(1));
        c = GatewayApiTest.client(withoutDatabase.port(0));
    }

    @AfterAll
    void stop() {
        if (withoutDatabase != null) {
            withoutDatabase.close();
        }
        if (gateways != null) {
            gateways.close();
        }
        TwoGateways.flushRedis();
    }

    @BeforeEach
    void stubRouter() {
        router.stubFor(post("/v1/tasks")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(GatewayApiTest.RESULT)));
    }

    @Test
    void anIssuedKeyStillAuthenticatesAfterRedisLostEverything() throws InterruptedException {
        JsonNode issued = TwoGateways.issue(
                a, "{\"userId\": \"persist-anna\", \"tier\": \"pro\", \"allowedModels\": [\"sql\", \"auto\"]}");
        String key = issued.get("key").asString();
        chat(a, key, "auto").expectStatus().isOk();

        flushRedis();
        // past what each instance remembers by itself (cache-ttl, 500 ms)
        Thread.sleep(700);

        chat(a, key, "auto").expectStatus().isOk();
        chat(b, key, "sql").expectStatus().isOk();
        // what the key carries came back from PostgreSQL with it
        GatewayApiTest.expectProblem(chat(b, key, "python"), 403, ProblemTypes.FORBIDDEN);
        // and Redis has it again, for the next instance that asks
        assertThat(redisEntries()).anySatisfy(entry -> assertThat(entry).containsEntry("userId", "persist-anna"));
    }

    @Test
    void theDatabaseHoldsOnlyTheSecretsDigest() throws SQLException {
        String key = TwoGateways.issueKey(a, "persist-ben", "pro");

        TestDatabase database = TwoGateways.database();
        try (var connection =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                var statement = connection.prepareStatement("SELECT * FROM gateway.api_keys WHERE user_id = ?")) {
            statement.setString(1, "persist-ben");
            var rows = statement.executeQuery();
            assertThat(rows.next()).isTrue();
            for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                String value = rows.getString(column);
                assertThat(value == null ? "" : value).doesNotContain(key).doesNotContain(key.substring(3));
            }
            assertThat(rows.getString("secret_sha256")).hasSize(64);
        }
    }

    @Test
    void aKeyRevokedAfterRedisLostItIsRefusedEverywhereWithinASecond() throws InterruptedException {
        JsonNode issued = TwoGateways.issue(a, "{\"userId\": \"persist-carl\", \"tier\": \"pro\"}");
        String key = issued.get("key").asString();
        chat(a, key, "auto").expectStatus().isOk();
        chat(b, key, "auto").expectStatus().isOk();
        flushRedis();

        b.delete()
                .uri("/admin/v1/keys/" + issued.get("id").asString())
                .header("Authorization", "Bearer " + TwoGateways.ADMIN_KEY)
                .exchange()
                .expectStatus()
                .isNoContent();
        // at once on the instance that revoked it
        GatewayApiTest.expectProblem(chat(b, key, "auto"), 401, ProblemTypes.UNAUTHORIZED);
        Thread.sleep(1000);
        GatewayApiTest.expectProblem(chat(a, key, "auto"), 401, ProblemTypes.UNAUTHORIZED);
        // revoked in the source of truth too: a Redis that forgets again does not bring it back
        flushRedis();
        Thread.sleep(700);
        GatewayApiTest.expectProblem(chat(a, key, "auto"), 401, ProblemTypes.UNAUTHORIZED);
    }

    @Test
    void withoutItsDatabaseAnInstanceServesCachedKeysAndAnswers503ToIssuing() {
        String key = TwoGateways.issueKey(a, "persist-dora", "pro");
        chat(c, key, "auto").expectStatus().isOk();
        GatewayApiTest.expectProblem(
                c.post()
                        .uri("/admin/v1/keys")
                        .header("Authorization", "Bearer " + TwoGateways.ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"userId\": \"persist-dora\", \"tier\": \"pro\"}")
                        .exchange()
                        .expectHeader()
                        .exists("Retry-After"),
                503,
                ProblemTypes.UNAVAILABLE);
        // a key Redis does not know cannot be checked: 503, not a 401 that would be a guess
        GatewayApiTest.expectProblem(chat(c, "ap-not-a-key-anywhere", "auto"), 503, ProblemTypes.UNAVAILABLE);
    }

    private static WebTestClient.ResponseSpec chat(WebTestClient client, String key, String model) {
        return client.post()
                .uri("/v1/chat/completions")
                .header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .exchange();
    }

    private static void flushRedis() {
        TwoGateways.flushRedis();
    }

    private static List<Map<String, String>> redisEntries() {
        RedisClient client = RedisClient.create(TwoGateways.redisUrl());
        try (var connection = client.connect()) {
            List<Map<String, String>> entries = new ArrayList<>();
            for (String redisKey : connection.sync().keys("gateway:keys:secret:*")) {
                entries.add(connection.sync().hgetall(redisKey));
            }
            return entries;
        } finally {
            client.shutdown();
        }
    }
}
