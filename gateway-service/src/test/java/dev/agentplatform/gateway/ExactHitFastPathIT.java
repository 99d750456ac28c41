package dev.agentplatform.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.agentplatform.gateway.cache.CachedAnswer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
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

/** The exact-hit fast path: a body whose exact bytes were answered is answered before the pipeline. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactHitFastPathIT {

    @RegisterExtension
    static final WireMockExtension router = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private final JsonMapper json = new JsonMapper();
    private TwoGateways gateway;
    private WebTestClient client;
    private String alice;
    private String bob;

    @BeforeAll
    void start() {
        TwoGateways.flushRedis();
        gateway = TwoGateways.start(
                1,
                router.baseUrl(),
                Map.of("platform.gateway.cache.shared-models[0]", "faq", "platform.gateway.semantic.enabled", false));
        client = GatewayApiTest.client(gateway.port(0));
        alice = issue("alice", "pro");
        bob = issue("bob", "pro");
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        TwoGateways.flushRedis();
    }

    @BeforeEach
    void emptyCacheAndStubRouter() {
        redis(commands -> {
            commands.keys("gateway:cache:*").forEach(commands::del);
            return null;
        });
        router.resetAll();
        router.stubFor(post("/v1/tasks")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(GatewayApiTest.RESULT)));
    }

    @Test
    void aRepeatedIdenticalBodyIsAnsweredFromItsRawKeyWithTheHitHeadersAndCounted() {
        String body = chatBody("auto", "totals per region " + UUID.randomUUID());

        EntityExchangeResult<byte[]> first = chat(alice, body, null);
        assertThat(first.getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
        List<String> links = rawLinks();
        assertThat(links).hasSize(1);
        // the link now leads to a marked answer: only the fast path can serve it
        byte[] marked = "{\"marked\":true}".getBytes(StandardCharsets.UTF_8);
        redis(commands -> {
            commands.hset(
                    "gateway:cache:exact:marked",
                    "v",
                    new String(
                            new CachedAnswer("application/json", "sql", "SINGLE", marked).encode(),
                            StandardCharsets.ISO_8859_1));
            commands.hset("gateway:cache:exact:marked", "hits", "0");
            return null;
        });
        EntityExchangeResult<byte[]> plain = chat(alice, body, null);
        assertThat(plain.getResponseBody()).isEqualTo(first.getResponseBody());

        redis(commands -> commands.set(links.get(0), "gateway:cache:exact:marked"));
        EntityExchangeResult<byte[]> second = chat(alice, body, null);

        assertThat(second.getStatus().value()).isEqualTo(200);
        assertThat(second.getResponseBody()).isEqualTo(marked);
        assertThat(second.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT-EXACT");
        assertThat(second.getResponseHeaders().getFirst("X-Agent")).isEqualTo("sql");
        assertThat(second.getResponseHeaders().getFirst("X-Strategy")).isEqualTo("SINGLE");
        assertThat(second.getResponseHeaders().getFirst("X-Cost-USD")).isEqualTo("0");
        assertThat(second.getResponseHeaders().getFirst("X-Request-Id")).isNotBlank();
        assertThat(second.getResponseHeaders().getFirst("X-RateLimit-Limit")).isEqualTo("100");
        assertThat(second.getResponseHeaders().getFirst("X-RateLimit-Remaining"))
                .isNotBlank();
        assertThat(second.getResponseHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON))
                .isTrue();
        assertThat(second.getResponseHeaders().getContentLength()).isEqualTo(marked.length);
        assertThat(ExactHitFastPathIT.<String>redis(commands -> commands.hget("gateway:cache:exact:marked", "hits")))
                .isEqualTo("1");
        router.verify(1, postRequestedFor(urlEqualTo("/v1/tasks")));
    }

    @Test
    void hitsThroughTheRawKeyAreCountedOnTheCanonicalEntry() {
        String body = chatBody("auto", "totals per region " + UUID.randomUUID());

        chat(alice, body, null);
        chat(alice, body, null);
        chat(alice, body, null);

        List<String> entries = redis(commands -> commands.keys("gateway:cache:exact:*"));
        assertThat(entries).hasSize(1);
        assertThat(ExactHitFastPathIT.<String>redis(commands -> commands.hget(entries.get(0), "hits")))
                .isEqualTo("2");
        router.verify(1, postRequestedFor(urlEqualTo("/v1/tasks")));
    }

    @Test
    void differentlyWrittenBytesOfTheSameRequestAreLinkedOnTheirFirstCanonicalHit() {
        String prompt = "totals per region " + UUID.randomUUID();
        chat(alice, chatBody("auto", prompt), null);
        String spaced = "{ \"messages\" : [ { \"content\" : \"" + prompt
                + "\", \"role\" : \"user\" } ], \"model\" : \"auto\" }";

        assertThat(chat(alice, spaced, null).getResponseHeaders().getFirst("X-Cache"))
                .isEqualTo("HIT-EXACT");
        assertThat(rawLinks()).hasSize(2);
        assertThat(chat(alice, spaced, null).getResponseHeaders().getFirst("X-Cache"))
                .isEqualTo("HIT-EXACT");
        List<String> entries = redis(commands -> commands.keys("gateway:cache:exact:*"));
        assertThat(entries).hasSize(1);
        assertThat(ExactHitFastPathIT.<String>redis(commands -> commands.hget(entries.get(0), "hits")))
                .isEqualTo("2");
        router.verify(1, postRequestedFor(urlEqualTo("/v1/tasks")));
    }

    @Test
    void noCacheSkipsTheFastPathAndNoStoreLinksNothing() {
        String body = chatBody("auto", "totals per region " + UUID.randomUUID());

        assertThat(chat(alice, body, "no-store").getResponseHeaders().getFirst("X-Cache"))
                .isEqualTo("MISS");
        assertThat(rawLinks()).isEmpty();
        assertThat(chat(alice, body, null).getResponseHeaders().getFirst("X-Cache"))
                .isEqualTo("MISS");
        assertThat(rawLinks()).hasSize(1);
        assertThat(chat(alice, body, "max-age=0, No-Cache").getResponseHeaders().getFirst("X-Cache"))
                .isEqualTo("MISS");
        assertThat(chat(alice, body, null).getResponseHeaders().getFirst("X-Cache"))
                .isEqualTo("HIT-EXACT");
        router.verify(3, postRequestedFor(urlEqualTo("/v1/tasks")));
    }

    @Test
    void anotherTenantsIdenticalBodyIsNotAnsweredFromTheFirstTenantsRawKey() {
        String body = chatBody("auto", "totals per region " + UUID.randomUUID());

        chat(alice, body, null);
        assertThat(chat(alice, body, null).getResponseHeaders().getFirst("X-Cache"))
                .isEqualTo("HIT-EXACT");
        assertThat(chat(bob, body, null).getResponseHeaders().getFirst("X-Cache"))
                .isEqualTo("MISS");
        router.verify(2, postRequestedFor(urlEqualTo("/v1/tasks")));

        // a shared model is still shared, through the canonical entry
        String shared = chatBody("faq", "totals per region " + UUID.randomUUID());
        chat(alice, shared, null);
        assertThat(chat(bob, shared, null).getResponseHeaders().getFirst("X-Cache"))
                .isEqualTo("HIT-EXACT");
    }

    @Test
    void fastPathHitsCountAgainstTheKeysLimitAndAreRefusedPastIt() {
        String carol = issue("carol-" + UUID.randomUUID(), "free");
        String body = chatBody("auto", "totals per region " + UUID.randomUUID());

        assertThat(chat(carol, body, null).getResponseHeaders().getFirst("X-Cache"))
                .isEqualTo("MISS");
        for (int i = 2; i <= 10; i++) {
            EntityExchangeResult<byte[]> hit = chat(carol, body, null);
            assertThat(hit.getStatus().value()).isEqualTo(200);
            assertThat(hit.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT-EXACT");
            assertThat(hit.getResponseHeaders().getFirst("X-RateLimit-Limit")).isEqualTo("10");
            assertThat(hit.getResponseHeaders().getFirst("X-RateLimit-Remaining"))
                    .isEqualTo(String.valueOf(10 - i));
        }

        EntityExchangeResult<byte[]> refused = chat(carol, body, null);
        assertThat(refused.getStatus().value()).isEqualTo(429);
        assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isNotBlank();
        assertThat(refused.getResponseHeaders().getFirst("X-Cache")).isNull();
        assertThat(new String(refused.getResponseBody(), StandardCharsets.UTF_8))
                .contains(dev.agentplatform.common.ProblemTypes.RATE_LIMITED.toString());
        // a refused request is not served, so not counted as a hit either: 9 hits on the entry
        String entry = ExactHitFastPathIT.<String>redis(
                commands -> commands.get(rawLinks().get(0)));
        assertThat(ExactHitFastPathIT.<String>redis(commands -> commands.hget(entry, "hits")))
                .isEqualTo("9");
        router.verify(1, postRequestedFor(urlEqualTo("/v1/tasks")));
    }

    @Test
    void anInvalidBodyStillGetsItsProblemAfterTheBodyWasRead() {
        GatewayApiTest.expectProblem(
                client.post()
                        .uri("/v1/chat/completions")
                        .header("Authorization", "Bearer " + alice)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"model\": \"auto\", \"messages\": []}")
                        .exchange(),
                400,
                dev.agentplatform.common.ProblemTypes.INVALID_REQUEST);
        assertThat(rawLinks()).isEmpty();
    }

    private List<String> rawLinks() {
        return redis(commands -> commands.keys("gateway:cache:raw:*"));
    }

    private static <T> T redis(Function<RedisCommands<String, String>, T> work) {
        RedisClient redis = RedisClient.create(TwoGateways.redisUrl());
        try (var connection = redis.connect()) {
            return work.apply(connection.sync());
        } finally {
            redis.shutdown();
        }
    }

    private String issue(String user, String tier) {
        return TwoGateways.issueKey(client, user, tier);
    }

    private EntityExchangeResult<byte[]> chat(String key, String body, String cacheControl) {
        WebTestClient.RequestHeadersSpec<?> request = client.post()
                .uri("/v1/chat/completions")
                .header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
        if (cacheControl != null) {
            request = request.header("Cache-Control", cacheControl);
        }
        return request.exchange().expectBody().returnResult();
    }

    private static String chatBody(String model, String prompt) {
        return "{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"" + prompt + "\"}]}";
    }
}
