package dev.agentplatform.orchestrator.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.orchestrator.resilience.Breakers;
import dev.agentplatform.orchestrator.resilience.GuardedProviders;
import dev.agentplatform.orchestrator.resilience.ResilienceProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An agent's provider chain under the guards: a real (OpenAI-compatible) provider failing against
 * WireMock falls back to the next one, its breaker opens after five failures so it is no longer
 * called, and a provider at its QPS hands the call to the next one. Streamed, the same holds until
 * the first piece went out; after it a failure is final.
 */
class ProviderChainTest {

    private WireMockServer server;
    private Breakers breakers;
    private GuardedProviders guarded;

    @BeforeEach
    void setUp() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":\"down\"}")));
        Map<String, ProviderCatalogProperties.ProviderSettings> catalog = new LinkedHashMap<>();
        catalog.put(
                "groq",
                new ProviderCatalogProperties.ProviderSettings(
                        "openai-compatible",
                        "mixtral",
                        "free",
                        BigDecimal.ONE,
                        BigDecimal.ONE,
                        0,
                        server.baseUrl() + "/v1",
                        "key",
                        256,
                        Duration.ofSeconds(5),
                        4000));
        catalog.put(
                "limited",
                ProviderCatalogProperties.ProviderSettings.keyless(
                        "simulated", "limited-1", "cheap", BigDecimal.ONE, BigDecimal.ONE, 1));
        catalog.put(
                "simulated",
                ProviderCatalogProperties.ProviderSettings.keyless(
                        "simulated", "simulated-1", "cheap", BigDecimal.ONE, BigDecimal.ONE, 0));
        ProviderRegistry registry = new ProviderRegistry(
                new ProviderCatalogProperties(
                        catalog, new ProviderCatalogProperties.SimulatedProperties(null, 0, Map.of()), Map.of()),
                agent -> Simulation.IDEAL);
        ResilienceProperties resilience = ProviderRegistries.resilience(2);
        breakers = new Breakers(resilience, new SimpleMeterRegistry());
        guarded = new GuardedProviders(registry, breakers, resilience);
    }

    @AfterEach
    void tearDown() {
        server.stop();
    }

    private static LlmRequest request() {
        return new LlmRequest("t", "python", List.of(new ChatMessage("user", "hello")));
    }

    private LlmCompletion complete(String... chain) {
        return guarded.complete(
                List.of(chain),
                request(),
                System.nanoTime() + Duration.ofSeconds(10).toNanos());
    }

    @Test
    void fallsBackToTheNextProviderWhenOneFails() {
        LlmCompletion completion = complete("groq", "simulated");

        assertThat(completion.provider()).isEqualTo("simulated");
        // 500 is retriable: one retry at groq before moving on.
        server.verify(2, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    }

    @Test
    void stopsCallingAProviderWhoseBreakerOpened() {
        for (int i = 0; i < 5; i++) {
            complete("groq", "simulated");
        }
        assertThat(breakers.provider("groq").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        server.resetRequests();

        LlmCompletion completion = complete("groq", "simulated");

        assertThat(completion.provider()).isEqualTo("simulated");
        server.verify(0, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    }

    @Test
    void handsTheCallToTheNextProviderWhenOneIsAtItsQps() {
        assertThat(complete("limited", "simulated").provider()).isEqualTo("limited");

        assertThat(complete("limited", "simulated").provider()).isEqualTo("simulated");
    }

    @Test
    void aStreamThatFailsBeforeItsFirstPieceFallsBackToTheNextProvider() {
        List<String> pieces = new ArrayList<>();
        TokenSink sink = TokenSink.ofPieces(pieces::add);

        LlmCompletion completion = guarded.complete(
                List.of("groq", "simulated"),
                request(),
                System.nanoTime() + Duration.ofSeconds(10).toNanos(),
                sink);

        assertThat(completion.provider()).isEqualTo("simulated");
        assertThat(String.join("", pieces)).isEqualTo(completion.content());
        server.verify(2, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    }

    @Test
    void aStreamThatFailsAfterItsFirstPieceIsNeitherRetriedNorHandedOn() {
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                                + "\"model\":\"mixtral\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},"
                                + "\"finish_reason\":null}]}\n\ndata: {\"choices\": [ oops\n\n")));
        List<String> pieces = new ArrayList<>();
        TokenSink sink = TokenSink.ofPieces(pieces::add);

        ProviderException failure = catchThrowableOfType(
                ProviderException.class,
                () -> guarded.complete(
                        List.of("groq", "simulated"),
                        request(),
                        System.nanoTime() + Duration.ofSeconds(10).toNanos(),
                        sink));

        assertThat(failure.retriable()).isFalse();
        assertThat(pieces).containsExactly("Hel");
        server.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    }
}
