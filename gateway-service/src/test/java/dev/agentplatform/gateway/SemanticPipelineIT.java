package dev.agentplatform.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat pipeline past the exact cache: one embedding per request, the semantic cache (with the
 * real MiniLM model and Lucene index) and the embedding passed to the router.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SemanticPipelineIT {

    @RegisterExtension
    static final WireMockExtension router = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private final JsonMapper json = new JsonMapper();
    private TwoGateways gateway;
    private WebTestClient client;

    @BeforeAll
    void start() {
        TwoGateways.flushRedis();
        gateway = TwoGateways.start(1, router.baseUrl(), Map.of());
        client = GatewayApiTest.client(gateway.port(0));
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        TwoGateways.flushRedis();
    }

    @BeforeEach
    void stubRouter() {
        router.resetAll();
        router.stubFor(post("/v1/tasks")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(GatewayApiTest.RESULT)));
    }

    @Test
    void aParaphraseIsAnsweredFromTheSemanticCacheWithItsSimilarity() {
        String key = issue("sam", "pro");

        EntityExchangeResult<byte[]> first =
                chat(key, single("What is the capital city of Australia and why was it chosen?", false));
        EntityExchangeResult<byte[]> paraphrase =
                chat(key, single("Which city is Australia's capital, and why was it chosen?", false));

        assertThat(first.getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
        assertThat(paraphrase.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT-SEMANTIC");
        assertThat(paraphrase.getResponseHeaders().getFirst("X-Cache-Similarity"))
                .matches("0\\.9\\d\\d|1\\.000");
        assertThat(paraphrase.getResponseHeaders().getFirst("X-Cost-USD")).isEqualTo("0");
        assertThat(json.readTree(paraphrase.getResponseBody())
                        .at("/choices/0/message/content")
                        .asString())
                .isEqualTo(json.readTree(first.getResponseBody())
                        .at("/choices/0/message/content")
                        .asString());
        router.verify(1, postRequestedFor(urlEqualTo("/v1/tasks")));

        EntityExchangeResult<byte[]> streamed =
                chat(key, single("Which city is the capital of Australia, and why was it chosen?", true));
        assertThat(streamed.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT-SEMANTIC");
        assertThat(GatewayApiTest.frames(streamed.getResponseBody())).last().isEqualTo("[DONE]");
    }

    @Test
    void aNumberSwapIsNotServedFromTheCache() {
        String key = issue("nina", "pro");

        chat(key, single("What is 17 times 23?", false));
        EntityExchangeResult<byte[]> swapped = chat(key, single("What is 17 times 24?", false));

        assertThat(swapped.getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
        router.verify(2, postRequestedFor(urlEqualTo("/v1/tasks")));
    }

    @Test
    void anotherUsersParaphraseAndAMultiTurnRequestAreNotServedFromTheSemanticCache() {
        String owner = issue("olga", "pro");
        String other = issue("oscar", "pro");
        chat(owner, single("How do I reverse a linked list in Java?", false));

        assertThat(chat(other, single("How can I reverse a linked list in Java?", false))
                        .getResponseHeaders()
                        .getFirst("X-Cache"))
                .isEqualTo("MISS");
        String multiTurn = """
                {"model": "auto", "messages": [
                  {"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"},
                  {"role": "user", "content": "How can I reverse a linked list in Java?"}]}""";
        assertThat(chat(owner, multiTurn).getResponseHeaders().getFirst("X-Cache"))
                .isEqualTo("MISS");
    }

    @Test
    void theRouterGetsThePromptEmbeddingOnceComputed() {
        String key = issue("emil", "pro");

        chat(key, single("Write a SQL query for totals per region", false));

        List<LoggedRequest> requests = router.findAll(postRequestedFor(urlEqualTo("/v1/tasks")));
        assertThat(requests).hasSize(1);
        byte[] raw = Base64.getDecoder().decode(requests.get(0).getHeader("X-Prompt-Embedding"));
        assertThat(raw).hasSize(384 * 4);
        ByteBuffer floats = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        double norm = 0;
        for (int i = 0; i < 384; i++) {
            float value = floats.getFloat();
            norm += value * value;
        }
        assertThat(Math.sqrt(norm)).isBetween(0.99, 1.01);
    }

    private String issue(String user, String tier) {
        return TwoGateways.issueKey(client, user, tier);
    }

    private EntityExchangeResult<byte[]> chat(String key, String body) {
        EntityExchangeResult<byte[]> result = client.post()
                .uri("/v1/chat/completions")
                .header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectBody()
                .returnResult();
        assertThat(result.getStatus().value()).isEqualTo(200);
        return result;
    }

    private String single(String prompt, boolean stream) {
        return json.writeValueAsString(Map.of(
                "model", "auto", "stream", stream, "messages", List.of(Map.of("role", "user", "content", prompt))));
    }
}
