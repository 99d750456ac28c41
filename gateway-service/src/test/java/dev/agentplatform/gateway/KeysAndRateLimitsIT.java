package dev.agentplatform.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.security.ServiceCaller;
import io.lettuce.core.RedisClient;
import java.time.Instant;
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
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Issued keys and rate limits (per user, and per key where a key has its own) across two gateway instances sharing one real Redis. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysAndRateLimitsIT {

    @RegisterExtension
    static final WireMockExtension router = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private final JsonMapper json = new JsonMapper();
    private TwoGateways gateways;
    private WebTestClient a;
    private WebTestClient b;

    @BeforeAll
    void start() {
        TwoGateways.flushRedis();
        gateways = TwoGateways.start(
                2,
                router.baseUrl(),
                Map.of("platform.gateway.cache.enabled", false, "platform.gateway.semantic.enabled", false));
        a = GatewayApiTest.client(gateways.port(0));
        b = GatewayApiTest.client(gateways.port(1));
    }

    @AfterAll
    void stop() {
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
    void anIssuedKeyWorksOnEveryInstanceAndOnlyItsHashIsStored() {
        JsonNode issued = issue("{\"userId\": \"alice\", \"tier\": \"pro\"}");
        String key = issued.get("key").asString();
        assertThat(issued.get("id").asString()).startsWith("key_");

        chat(a, key, "hello").expectStatus().isOk();
        chat(b, key, "hello").expectStatus().isOk();

        RedisClient client = RedisClient.create(TwoGateways.redisUrl());
        try (var connection = client.connect()) {
            for (String redisKey : connection.sync().keys("*")) {
                assertThat(redisKey).doesNotContain(key);
                String type = connection.sync().type(redisKey);
                if (type.equals("hash")) {
                    assertThat(connection.sync().hgetall(redisKey).values()).noneMatch(v -> v.contains(key));
                } else if (type.equals("string")) {
                    assertThat(connection.sync().get(redisKey)).doesNotContain(key);
                }
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theKeysIdAndTeamTravelInTheCredentialSoThatTheirBudgetsApply() {
        JsonNode issued = issue("{\"userId\": \"tess\", \"tier\": \"pro\", \"team\": \"data-team\"}");
        assertThat(issued.get("team").asString()).isEqualTo("data-team");
        String id = issued.get("id").asString();
        String teamless =
                issue("{\"userId\": \"tess\", \"tier\": \"pro\"}").get("key").asString();

        // a client cannot name another key or team: only the credential carries them
        a.post()
                .uri("/v1/chat/completions")
                .header("Authorization", "Bearer " + issued.get("key").asString())
                .header("X-Key-Id", "key_someone_else")
                .header("X-User-Team", "other-team")
                .header("X-Cost-Policy", "strict")
                .header("X-Platform-Overloaded", "true")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .exchange()
                .expectStatus()
                .isOk();
        chat(b, teamless, "hello").expectStatus().isOk();

        List<ServiceCaller> callers = router.findAll(postRequestedFor(urlEqualTo("/v1/tasks"))).stream()
                .map(request -> Credentials.caller(request).orElseThrow())
                .filter(caller -> "tess".equals(caller.userId()))
                .toList();
        assertThat(callers).hasSize(2);
        assertThat(callers).anySatisfy(caller -> {
            assertThat(caller.keyId()).isEqualTo(id);
            assertThat(caller.team()).isEqualTo("data-team");
        });
        assertThat(callers).anySatisfy(caller -> {
            assertThat(caller.keyId()).startsWith("key_").isNotEqualTo(id);
            assertThat(caller.team()).isNull();
        });
        assertThat(router.findAll(postRequestedFor(urlEqualTo("/v1/tasks")))).allSatisfy(request -> {
            assertThat(request.getHeader("X-Key-Id")).isNull();
            assertThat(request.getHeader("X-User-Team")).isNull();
            // only the gateway's own admission says a request came in overloaded
            assertThat(request.getHeader("X-Platform-Overloaded")).isNull();
        });
        assertThat(router.findAll(postRequestedFor(urlEqualTo("/v1/tasks"))))
                .anySatisfy(request ->
                        assertThat(request.getHeader("X-Cost-Policy")).isEqualTo("strict"));
    }

    @Test
    void aRevokedKeyIsRefusedByEveryInstanceWithinOneSecond() throws InterruptedException {
        JsonNode issued = issue("{\"userId\": \"bob\", \"tier\": \"pro\"}");
        String key = issued.get("key").asString();
        chat(a, key, "warm the cache of a").expectStatus().isOk();
        chat(b, key, "warm the cache of b").expectStatus().isOk();

        a.delete()
                .uri("/admin/v1/keys/" + issued.get("id").asString())
                .header("Authorization", "Bearer " + TwoGateways.ADMIN_KEY)
                .exchange()
                .expectStatus()
                .isNoContent();
        Thread.sleep(1000);

        GatewayApiTest.expectProblem(chat(a, key, "after revocation"), 401, ProblemTypes.UNAUTHORIZED);
        GatewayApiTest.expectProblem(chat(b, key, "after revocation"), 401, ProblemTypes.UNAUTHORIZED);
        GatewayApiTest.expectProblem(
                b.delete()
                        .uri("/admin/v1/keys/" + issued.get("id").asString())
                        .header("Authorization", "Bearer " + TwoGateways.ADMIN_KEY)
                        .exchange(),
                404,
                ProblemTypes.NOT_FOUND);
    }

    @Test
    void anExpiredKeyIs401() throws InterruptedException {
        Instant soon = Instant.now().plusMillis(1500);
        String key = issue("{\"userId\": \"carol\", \"tier\": \"pro\", \"expiresAt\": \"" + soon + "\"}")
                .get("key")
                .asString();
        chat(a, key, "before expiry").expectStatus().isOk();
        Thread.sleep(Math.max(0, soon.toEpochMilli() - System.currentTimeMillis()) + 100);

        GatewayApiTest.expectProblem(chat(a, key, "after expiry"), 401, ProblemTypes.UNAUTHORIZED)
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("expired"));
    }

    @Test
    void aModelOutsideTheKeysAllowedModelsIs403Problem() {
        String key = issue("{\"userId\": \"dave\", \"tier\": \"pro\", \"allowedModels\": [\"sql\"]}")
                .get("key")
                .asString();

        chat(a, key, "sql", "totals per region").expectStatus().isOk();
        GatewayApiTest.expectProblem(chat(a, key, "auto", "totals per region"), 403, ProblemTypes.FORBIDDEN);
    }

    @Test
    void theAdminApiRefusesBadKeyRequestsAndUserKeys() {
        GatewayApiTest.expectProblem(
                a.post()
                        .uri("/admin/v1/keys")
                        .header("Authorization", "Bearer " + TwoGateways.ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"userId\": \"erin\", \"tier\": \"platinum\"}")
                        .exchange(),
                400,
                ProblemTypes.INVALID_REQUEST);
        GatewayApiTest.expectProblem(
                a.post()
                        .uri("/admin/v1/keys")
                        .header("Authorization", "Bearer " + TwoGateways.ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"tier\": \"free\"}")
                        .exchange(),
                400,
                ProblemTypes.INVALID_REQUEST);
        String key = issue("{\"userId\": \"erin\", \"tier\": \"enterprise\"}")
                .get("key")
                .asString();
        GatewayApiTest.expectProblem(
                a.post()
                        .uri("/admin/v1/keys")
                        .header("Authorization", "Bearer " + key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"userId\": \"erin\", \"tier\": \"enterprise\"}")
                        .exchange(),
                403,
                ProblemTypes.FORBIDDEN);
    }

    @Test
    void twoInstancesAdmitExactlyTenOfThirtyRequestsOfAFreeKeyInAMinute() {
        String key =
                issue("{\"userId\": \"frank\", \"tier\": \"free\"}").get("key").asString();

        List<Integer> statuses = new ArrayList<>();
        List<String> retryAfter = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            EntityExchangeResult<byte[]> result =
                    chat(i % 2 == 0 ? a : b, key, "request " + i).expectBody().returnResult();
            statuses.add(result.getStatus().value());
            assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Limit"))
                    .isEqualTo("10");
            assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Reset"))
                    .isNotNull();
            if (result.getStatus().value() == 429) {
                retryAfter.add(result.getResponseHeaders().getFirst("Retry-After"));
                assertThat(result.getResponseHeaders().getContentType().toString())
                        .startsWith("application/problem+json");
                assertThat(json.readTree(result.getResponseBody()).get("type").asString())
                        .isEqualTo(ProblemTypes.RATE_LIMITED.toString());
            } else {
                assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Remaining"))
                        .isEqualTo(String.valueOf(9 - i));
            }
        }

        assertThat(statuses.subList(0, 10)).containsOnly(200);
        assertThat(statuses.subList(10, 30)).containsOnly(429);
        assertThat(retryAfter)
                .hasSize(20)
                .allSatisfy(value -> assertThat(Integer.parseInt(value)).isBetween(1, 60));
    }

    @Test
    void twoFreeKeysOfOneUserShareItsTenRequestsAcrossBothInstances() {
        String first =
                issue("{\"userId\": \"henry\", \"tier\": \"free\"}").get("key").asString();
        String second =
                issue("{\"userId\": \"henry\", \"tier\": \"free\"}").get("key").asString();

        int answered = 0;
        List<String> refusals = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            EntityExchangeResult<byte[]> result = chat(i % 2 == 0 ? a : b, i % 4 < 2 ? first : second, "request " + i)
                    .expectBody()
                    .returnResult();
            if (result.getStatus().value() == 200) {
                answered++;
            } else {
                assertThat(result.getStatus().value()).isEqualTo(429);
                refusals.add(
                        json.readTree(result.getResponseBody()).get("detail").asString());
            }
        }

        assertThat(answered).isEqualTo(10);
        assertThat(refusals).hasSize(20).allSatisfy(detail -> assertThat(detail).contains("user"));
        // another user is not held by henry's count
        String other =
                issue("{\"userId\": \"iris\", \"tier\": \"free\"}").get("key").asString();
        chat(a, other, "someone else").expectStatus().isOk();
    }

    @Test
    void aKeysOwnLimitHoldsItOnTopOfTheUsersLimit() {
        JsonNode limited = issue("{\"userId\": \"judy\", \"tier\": \"enterprise\", \"requestsPerMinute\": 3}");
        assertThat(limited.get("requestsPerMinute").asInt()).isEqualTo(3);
        String key = limited.get("key").asString();
        String unlimited = issue("{\"userId\": \"judy\", \"tier\": \"enterprise\"}")
                .get("key")
                .asString();

        for (int i = 0; i < 3; i++) {
            chat(i % 2 == 0 ? a : b, key, "own limit " + i)
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("X-RateLimit-Limit", "3")
                    .expectHeader()
                    .valueEquals("X-RateLimit-Remaining", String.valueOf(2 - i));
        }
        GatewayApiTest.expectProblem(chat(b, key, "own limit 3"), 429, ProblemTypes.RATE_LIMITED)
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("key's own limit of 3"));
        // the user's other key has no limit of its own, and the enterprise tier none per user
        for (int i = 0; i < 5; i++) {
            chat(a, unlimited, "no own limit " + i).expectStatus().isOk();
        }

        // a pro user's key with a limit of 2: the tighter of the two is reported and enforced
        String pro = issue("{\"userId\": \"ken\", \"tier\": \"pro\", \"requestsPerMinute\": 2}")
                .get("key")
                .asString();
        chat(a, pro, "pro 0").expectHeader().valueEquals("X-RateLimit-Limit", "2");
        chat(b, pro, "pro 1").expectStatus().isOk();
        chat(a, pro, "pro 2").expectStatus().isEqualTo(429);
    }

    @Test
    void aKeysOwnLimitMustBePositive() {
        for (String limit : List.of("0", "-1", "1000001", "\"many\"")) {
            GatewayApiTest.expectProblem(
                    a.post()
                            .uri("/admin/v1/keys")
                            .header("Authorization", "Bearer " + TwoGateways.ADMIN_KEY)
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(
                                    "{\"userId\": \"lena\", \"tier\": \"free\", \"requestsPerMinute\": " + limit + "}")
                            .exchange(),
                    400,
                    ProblemTypes.INVALID_REQUEST);
        }
    }

    @Test
    void anEnterpriseKeyHasNoPerKeyLimit() {
        String key = issue("{\"userId\": \"grace\", \"tier\": \"enterprise\"}")
                .get("key")
                .asString();
        for (int i = 0; i < 15; i++) {
            chat(i % 2 == 0 ? a : b, key, "request " + i).expectStatus().isOk();
        }
    }

    private JsonNode issue(String body) {
        return TwoGateways.issue(a, body);
    }

    private static WebTestClient.ResponseSpec chat(WebTestClient client, String key, String prompt) {
        return chat(client, key, "auto", prompt);
    }

    private static WebTestClient.ResponseSpec chat(WebTestClient client, String key, String model, String prompt) {
        return client.post()
                .uri("/v1/chat/completions")
                .header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"" + prompt
                        + "\"}]}")
                .exchange();
    }
}
