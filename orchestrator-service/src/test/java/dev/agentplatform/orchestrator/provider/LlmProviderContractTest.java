package dev.agentplatform.orchestrator.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.devinfra.CuttingServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
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

    /** A successful stream in the wire format: {@code pieces} in order, then the token counts. */
    abstract String streamed(List<String> pieces, int inputTokens, int outputTokens);

    /** The first events of a stream in the wire format, carrying {@code piece}, without an end. */
    abstract String streamStart(String piece);

    /** Checks the request carried the API key the way this API wants it. */
    abstract void verifyKeySent(String key);

    LlmProvider provider(Duration timeout) {
        return provider(baseUrl(), timeout);
    }

    LlmProvider provider(String baseUrl, Duration timeout) {
        ProviderCatalogProperties.ProviderSettings settings = new ProviderCatalogProperties.ProviderSettings(
                type(),
                "test-model",
                "cheap",
                BigDecimal.ONE,
                BigDecimal.ONE,
                0,
                baseUrl,
                "test-key",
                256,
                timeout,
                4000);
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

    private ProviderException streamFailure(Duration timeout, List<String> received) {
        try {
            provider(timeout).stream(request(), received::add);
        } catch (ProviderException e) {
            return e;
        }
        throw new AssertionError("the stream did not fail");
    }

    private static ResponseDefinitionBuilder eventStream(String body) {
        return aResponse().withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    @Test
    void streamsThePiecesInOrderThenTheWholeAnswerWithItsTokenCounts() {
        server.stubFor(call().willReturn(eventStream(streamed(List.of("Hello", " from", " the model"), 12, 5))));
        List<String> received = new ArrayList<>();

        LlmResponse response = provider(Duration.ofSeconds(5)).stream(request(), received::add);

        assertThat(received).containsExactly("Hello", " from", " the model");
        assertThat(response.content()).isEqualTo("Hello from the model");
        assertThat(response.usage().promptTokens()).isEqualTo(12);
        assertThat(response.usage().completionTokens()).isEqualTo(5);
        verifyKeySent("test-key");
    }

    @Test
    void reportsA429BeforeTheStreamAsRateLimitedWithTheRetryAfter() {
        server.stubFor(call().willReturn(aResponse()
                .withStatus(429)
                .withHeader("Retry-After", "7")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"slow down\"}}")));
        List<String> received = new ArrayList<>();

        ProviderException e = streamFailure(Duration.ofSeconds(5), received);

        assertThat(e.errorKind()).isEqualTo(ProviderException.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(received).isEmpty();
    }

    @Test
    void reportsA500BeforeTheStreamAsARetriableProviderError() {
        server.stubFor(call().willReturn(aResponse().withStatus(500).withBody("{\"error\":\"boom\"}")));
        List<String> received = new ArrayList<>();

        ProviderException e = streamFailure(Duration.ofSeconds(5), received);

        assertThat(e.errorKind()).isEqualTo(ProviderException.PROVIDER_ERROR);
        assertThat(e.retriable()).isTrue();
        assertThat(received).isEmpty();
    }

    @Test
    void reportsAStreamThatDoesNotStartInTimeAsATimeout() {
        server.stubFor(
                call().willReturn(eventStream(streamed(List.of("late"), 1, 1)).withFixedDelay(2_000)));
        List<String> received = new ArrayList<>();

        ProviderException e = streamFailure(Duration.ofMillis(300), received);

        assertThat(e.errorKind()).isEqualTo(ProviderException.TIMEOUT);
        assertThat(received).isEmpty();
    }

    @Test
    void reportsAMalformedStreamAsAFailureNotAsAnAnswer() {
        server.stubFor(call().willReturn(eventStream("data: {\"choices\": [ oops\n\n")));
        List<String> received = new ArrayList<>();

        ProviderException e = streamFailure(Duration.ofSeconds(5), received);

        assertThat(e.errorKind()).isIn(ProviderException.MALFORMED_RESPONSE, ProviderException.PROVIDER_ERROR);
        assertThat(e.retriable()).isTrue();
        assertThat(received).isEmpty();
    }

    @Test
    void reportsADroppedConnectionBeforeTheStreamAsARetriableProviderError() {
        server.stubFor(call().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        List<String> received = new ArrayList<>();

        ProviderException e = streamFailure(Duration.ofSeconds(5), received);

        assertThat(e.errorKind()).isEqualTo(ProviderException.PROVIDER_ERROR);
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void reportsAConnectionCutMidStreamAsAFailureAfterThePiecesAlreadySent() throws Exception {
        List<String> received = new ArrayList<>();
        ProviderException e;
        try (CuttingServer cutting = new CuttingServer(streamStart("Hello"))) {
            LlmProvider provider = provider(
                    cutting.baseUrl() + baseUrl().substring(server.baseUrl().length()), Duration.ofSeconds(5));
            e = catchThrowableOfType(ProviderException.class, () -> provider.stream(request(), received::add));
        }

        assertThat(received).containsExactly("Hello");
        assertThat(e).isNotNull();
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
