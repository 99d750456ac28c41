package dev.agentplatform.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.agentplatform.common.ProblemTypes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tokens-per-minute budgets on real Redis: a pro key has 100 tokens a minute, an enterprise key
 * none (0). Every prompt here is 5 to 8 characters, so 2 estimated prompt tokens plus
 * {@code max_tokens}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokensPerMinuteIT {

    @RegisterExtension
    static final WireMockExtension router = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    /** An answer that used exactly 40 tokens. */
    private static final String RESULT_40 =
            GatewayApiTest.RESULT.replace("\"completionTokens\":20", "\"completionTokens\":28");

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
                Map.of(
                        "platform.gateway.semantic.enabled", false,
                        "platform.gateway.ratelimit.tokens-per-minute.pro", 100,
                        "platform.gateway.ratelimit.tokens-per-minute.enterprise", 0));
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
        router.resetAll();
        router.stubFor(post("/v1/tasks").willReturn(ok(GatewayApiTest.RESULT)));
    }

    @Test
    void reservationsInFlightOnTwoInstancesAreRefusedOnceTheyExceedTheBudget() {
        String key = issue("tpm-concurrent");
        router.stubFor(post("/v1/tasks")
                .andMatching(Credentials.actingFor("tpm-concurrent"))
                .atPriority(1)
                .willReturn(ok(RESULT_40).withFixedDelay(1500)));

        // three requests estimated at 40 tokens each, all in flight at once: only two fit in 100
        ExecutorService clients = Executors.newFixedThreadPool(3);
        List<EntityExchangeResult<byte[]>> results;
        try {
            List<CompletableFuture<EntityExchangeResult<byte[]>>> calls = IntStream.range(0, 3)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> chat(i % 2 == 0 ? a : b, key, "hello " + i, 38)
                                    .expectBody()
                                    .returnResult(),
                            clients))
                    .toList();
            results = calls.stream().map(CompletableFuture::join).toList();
        } finally {
            clients.shutdown();
        }

        assertThat(results).extracting(r -> r.getStatus().value()).containsExactlyInAnyOrder(200, 200, 429);
        EntityExchangeResult<byte[]> refused = results.stream()
                .filter(r -> r.getStatus().value() == 429)
                .findFirst()
                .orElseThrow();
        assertThat(refused.getResponseHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(json.readTree(refused.getResponseBody()).get("type").asString())
                .isEqualTo(ProblemTypes.RATE_LIMITED.toString());
        assertThat(refused.getResponseHeaders().getFirst("X-RateLimit-Limit-Tokens"))
                .isEqualTo("100");
        assertThat(refused.getResponseHeaders().getFirst("X-RateLimit-Remaining-Tokens"))
                .isEqualTo("20");
        assertThat(Integer.parseInt(refused.getResponseHeaders().getFirst("Retry-After")))
                .isBetween(1, 60);
        router.verify(
                2, postRequestedFor(urlEqualTo("/v1/tasks")).andMatching(Credentials.actingFor("tpm-concurrent")));

        // the two answers used what was reserved: 20 tokens are left, enough for a smaller request
        chat(a, key, "hello 3", 20).expectStatus().isEqualTo(429);
        chat(b, key, "hello 4", 18)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-RateLimit-Remaining-Tokens", "0");
    }

    @Test
    void settlingWithTheRealUsageGivesBackWhatTheEstimateDidNotUse() {
        String key = issue("tpm-settle");

        // estimated 62 tokens each, 32 used each (the stub's usage)
        chat(a, key, "hello 1", 60)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-RateLimit-Limit-Tokens", "100")
                .expectHeader()
                .valueEquals("X-RateLimit-Remaining-Tokens", "68");
        // without settling only 38 would be left and 62 would not fit
        chat(b, key, "hello 2", 60)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-RateLimit-Remaining-Tokens", "36");
        GatewayApiTest.expectProblem(chat(a, key, "hello 3", 60), 429, ProblemTypes.RATE_LIMITED);
    }

    @Test
    void aFailedRouterCallReleasesItsReservation() {
        String key = issue("tpm-failure");
        router.stubFor(post("/v1/tasks")
                .andMatching(Credentials.actingFor("tpm-failure"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\": \"" + ProblemTypes.UNAVAILABLE
                                + "\", \"title\": \"Service unavailable\", \"status\": 503}")));

        chat(a, key, "hello 1", 90).expectStatus().is5xxServerError();
        router.resetAll();
        router.stubFor(post("/v1/tasks").willReturn(ok(GatewayApiTest.RESULT)));

        // the 92 tokens reserved for the failed call are back: this one fits and leaves 100 - 32
        chat(b, key, "hello 2", 90)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-RateLimit-Remaining-Tokens", "68");
    }

    @Test
    void anExactCacheHitReservesNoTokens() {
        String key = issue("tpm-cache");

        chat(a, key, "hello", 60)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-RateLimit-Remaining-Tokens", "68");
        chat(b, key, "hello", 60).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT-EXACT");
        // had the hit reserved 62, only 6 would be left
        chat(a, key, "hello 2", 60)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-RateLimit-Remaining-Tokens", "36");
    }

    @Test
    void aBudgetOfZeroIsUnlimited() {
        String key = issue("tpm-unlimited", "enterprise");
        for (int i = 0; i < 6; i++) {
            chat(i % 2 == 0 ? a : b, key, "hello " + i, 100_000)
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .doesNotExist("X-RateLimit-Limit-Tokens");
        }
    }

    @Test
    void twoKeysOfOneUserDrawOnOneBudget() {
        String first = issue("tpm-shared");
        String second = issue("tpm-shared");

        // each answer uses 32 tokens of the user's 100; a third reservation of about 40 no longer fits,
        // although the key it comes with has used only 32
        chat(a, first, "hello 0", 38).expectStatus().isOk();
        chat(b, second, "hello 1", 38).expectStatus().isOk();
        GatewayApiTest.expectProblem(chat(a, first, "hello 2", 38), 429, ProblemTypes.RATE_LIMITED)
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("user's budget"));
    }

    private String issue(String userId) {
        return issue(userId, "pro");
    }

    private String issue(String userId, String tier) {
        return TwoGateways.issueKey(a, userId, tier);
    }

    private static WebTestClient.ResponseSpec chat(WebTestClient client, String key, String prompt, int maxTokens) {
        return client.post()
                .uri("/v1/chat/completions")
                .header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\": \"auto\", \"max_tokens\": " + maxTokens
                        + ", \"messages\": [{\"role\": \"user\", \"content\": \"" + prompt + "\"}]}")
                .exchange();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }
}
