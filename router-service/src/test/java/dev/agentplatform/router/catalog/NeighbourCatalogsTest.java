package dev.agentplatform.router.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.router.task.ClientsProperties;
import dev.agentplatform.support.PlatformException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.client.RestClient;

/** The catalog clients against WireMock neighbours, on a clock the test moves. */
class NeighbourCatalogsTest {

    @RegisterExtension
    static final WireMockExtension neighbour = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    private ClientsProperties clients(String url) {
        return new ClientsProperties(
                URI.create(url), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(7));
    }

    private CatalogProperties properties(String mcpUrl) {
        return new CatalogProperties(
                // a generous timeout: the first call of a cold WireMock on a busy machine takes seconds
                URI.create(mcpUrl), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(15));
    }

    private ProviderCatalog providers() {
        return new ProviderCatalog(
                RestClient.builder(), clients(neighbour.baseUrl()), properties("http://127.0.0.1:1"), ticker);
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void aCatalogIsFetchedOnceWhileFreshAndAgainAfterItsTtl() {
        neighbour.stubFor(get("/v1/providers").willReturn(okJson(CatalogFixtures.PROVIDERS)));
        ProviderCatalog catalog = providers();

        catalog.requireEntry("provider", "groq");
        catalog.requireEntry("provider", "openai");
        assertThat(catalog.modelId("gpt-4o-mini")).contains("gpt-4o-mini");
        neighbour.verify(1, getRequestedFor(urlEqualTo("/v1/providers")));

        advance(Duration.ofSeconds(31));
        catalog.requireEntry("provider", "groq");
        neighbour.verify(2, getRequestedFor(urlEqualTo("/v1/providers")));
    }

    @Test
    void anEntryNameAddressesItsModelAndAnUnknownNameNothing() {
        neighbour.stubFor(get("/v1/providers").willReturn(okJson(CatalogFixtures.PROVIDERS)));
        ProviderCatalog catalog = providers();

        assertThat(catalog.modelId("llama-3.3-70b-versatile")).contains("llama-3.3-70b-versatile");
        assertThat(catalog.modelId("groq")).contains("llama-3.3-70b-versatile");
        assertThat(catalog.modelId("gpt-5-imaginary")).isEmpty();
    }

    @Test
    void aMissedNameFetchesAgainButAtMostOncePerMinimumInterval() {
        neighbour.stubFor(get("/v1/providers").willReturn(okJson(CatalogFixtures.PROVIDERS)));
        ProviderCatalog catalog = providers();
        catalog.requireEntry("provider", "groq");

        advance(Duration.ofSeconds(2));
        assertThat(catalog.modelId("nope")).isEmpty();
        neighbour.verify(2, getRequestedFor(urlEqualTo("/v1/providers")));
        for (int i = 0; i < 5; i++) {
            assertThat(catalog.modelId("nope-" + i)).isEmpty();
        }
        neighbour.verify(2, getRequestedFor(urlEqualTo("/v1/providers")));
    }

    @Test
    void anUnknownProviderIsA400NamingTheFieldTheValueAndTheKnownEntries() {
        neighbour.stubFor(get("/v1/providers").willReturn(okJson(CatalogFixtures.PROVIDERS)));

        assertThatThrownBy(() -> providers().requireEntry("fallbackProviders[1]", "mistral"))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.toProblem().getType()).isEqualTo(ProblemTypes.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("fallbackProviders[1]", "'mistral'", "simulated, groq, openai");
                });
    }

    @Test
    void anUnreachableOrFailingNeighbourIsA503WithRetryAfterAndNotCached() {
        neighbour.stubFor(get("/v1/providers").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ProviderCatalog catalog = providers();
        assertUnavailable(() -> catalog.requireEntry("provider", "groq"));
        assertThat(catalog.viewIfReachable()).isEmpty();

        neighbour.stubFor(get("/v1/providers").willReturn(aResponse().withStatus(500)));
        assertUnavailable(() -> catalog.modelId("gpt-4o-mini"));

        neighbour.stubFor(get("/v1/providers").willReturn(okJson(CatalogFixtures.PROVIDERS)));
        catalog.requireEntry("provider", "groq");

        ProviderCatalog nowhere = new ProviderCatalog(
                RestClient.builder(), clients("http://127.0.0.1:1"), properties("http://127.0.0.1:1"), ticker);
        assertUnavailable(() -> nowhere.requireEntry("provider", "groq"));
    }

    @Test
    void capabilitiesAreCheckedByNameAgainstMcpService() {
        neighbour.stubFor(get("/v1/capabilities").willReturn(okJson(CatalogFixtures.CAPABILITIES)));
        CapabilityCatalog catalog = new CapabilityCatalog(
                RestClient.builder(), clients("http://127.0.0.1:1"), properties(neighbour.baseUrl()), ticker);

        catalog.requireCapability("capabilities[0]", "calculator");
        assertThatThrownBy(() -> catalog.requireCapability("capabilities[1]", "teleport"))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("capabilities[1]", "'teleport'", "calculator, filesystem");
                    assertThat(e.toProblem().getProperties())
                            .containsEntry("known", List.of("calculator", "filesystem"));
                });
    }

    private static void assertUnavailable(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.status().value()).isEqualTo(503);
            assertThat(e.headers().getFirst("Retry-After")).isEqualTo("7");
        });
    }
}
