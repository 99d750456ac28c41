package dev.agentplatform.orchestrator.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.agentplatform.common.ChatMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every real provider adapter must do against a local server speaking its wire format:
 * answer with text and token counts, and turn 429 (with Retry-After), 5xx, 401, timeouts, broken
 * connections and malformed bodies into the right {@link ProviderException}.
 */
abstract class LlmProviderContractTest {

    protected static WireMockServer server;

    @BeforeAll
    static void startServer() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    /** The catalog type under test. */
    abstract String type();

    /** The base URL to configure, pointing at {@link #server}. */
    abstract String baseUrl();

    /** The path the adapter posts to. */
    abstract String path();

    /** A successful answer in the wire format. */
    abstract String success(String text, int inputTokens, int outputTokens);

    /** Checks the request carried the API key the way this API wants it. */
    abstract void verifyKeySent(String key);

    LlmProvider provider(Duration timeout) {
        ProviderCatalogProperties.ProviderSettings settings = new ProviderCatalogProperties.ProviderSettings(
                type(), "test-model", "cheap", BigDecimal.ONE, BigDecimal.ONE, 0, baseUrl(), "test-key", 256, timeout);
        return type().equals(LangChainProvider.ANTHROPIC)
                ? LangChainProvider.anthropic("test", settings)
                : LangChainProvider.openAiCompatible("test", settings);
    }

    static LlmRequest request() {
        return new LlmRequest(
                "task-1",
                "python",
                List.of(
                        new ChatMessage("system", "You are python."),
                        new ChatMessage("tool", "filesystem/list: notes.txt"),
                        new ChatMessage("user", "hello world")));
    }

    private MappingBuilder call() {
        return post(urlPathEqualTo(path()));
    }

    private ProviderException failure(Duration timeout) {
        try {
            provider(timeout).chat(request());
        } catch (ProviderException e) {
            return e;
        }
        throw new AssertionError("the call did not fail");
    }

    @Test
    void answersWithTheTextAndTheTokenCountsAndSendsTheKey() {
        server.stubFor(call().willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(success("Hello from the model", 12, 5))));

        LlmResponse response = provider(Duration.ofSeconds(5)).chat(request());

        assertThat(response.content()).isEqualTo("Hello from the model");
        assertThat(response.usage().promptTokens()).isEqualTo(12);
        assertThat(response.usage().completionTokens()).isEqualTo(5);
        assertThat(response.simulated()).isFalse();
        verifyKeySent("test-key");
        server.verify(postRequestedFor(urlPathEqualTo(path())));
    }

    @Test
    void reportsA429AsRateLimitedWithTheRetryAfter() {
        server.stubFor(call().willReturn(aResponse()
                .withStatus(429)
                .withHeader("Retry-After", "7")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"slow down\"}}")));

        ProviderException e = failure(Duration.ofSeconds(5));

        assertThat(e.errorKind()).isEqualTo(ProviderException.RATE_LIMITED);
        assertThat(e.retriable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void reportsA500AsARetriableProviderError() {
        server.stubFor(call().willReturn(aResponse().withStatus(500).withBody("{\"error\":\"boom\"}")));

        ProviderException e = failure(Duration.ofSeconds(5));

        assertThat(e.errorKind()).isEqualTo(ProviderException.PROVIDER_ERROR);
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void reportsA401AsAnAuthErrorNotWorthRetrying() {
        server.stubFor(call().willReturn(aResponse().withStatus(401).withBody("{\"error\":\"bad key\"}")));

        ProviderException e = failure(Duration.ofSeconds(5));

        assertThat(e.errorKind()).isEqualTo(ProviderException.AUTH_ERROR);
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void reportsASlowAnswerAsATimeout() {
        server.stubFor(call().willReturn(aResponse()
                .withFixedDelay(2_000)
                .withHeader("Content-Type", "application/json")
                .withBody(success("late", 1, 1))));

        ProviderException e = failure(Duration.ofMillis(300));

        assertThat(e.errorKind()).isEqualTo(ProviderException.TIMEOUT);
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void reportsAMalformedBodyAsAMalformedResponse() {
        server.stubFor(call().willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"choices\": [ oops")));

        ProviderException e = failure(Duration.ofSeconds(5));

        assertThat(e.errorKind()).isIn(ProviderException.MALFORMED_RESPONSE, ProviderException.PROVIDER_ERROR);
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void reportsADroppedConnectionAsARetriableProviderError() {
        server.stubFor(call().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        ProviderException e = failure(Duration.ofSeconds(5));

        assertThat(e.errorKind()).isEqualTo(ProviderException.PROVIDER_ERROR);
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void readsRetryAfterAsSecondsOrAnHttpDate() {
        assertThat(LangChainHttpClient.retryAfter("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(LangChainHttpClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"))
                .isEqualTo(Duration.ZERO);
        assertThat(LangChainHttpClient.retryAfter("soon")).isNull();
    }
}
