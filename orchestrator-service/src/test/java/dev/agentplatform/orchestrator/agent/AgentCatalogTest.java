package dev.agentplatform.orchestrator.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.agentplatform.common.ModelTier;
import dev.agentplatform.orchestrator.Neighbours;
import dev.agentplatform.orchestrator.client.RegistryClient;
import dev.agentplatform.orchestrator.provider.ProviderRegistries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

class AgentCatalogTest {

    private static final String NEW_AGENT = "{\"name\":\"legal\",\"team\":\"law\",\"description\":\"Reads contracts.\","
            + "\"systemPrompt\":\"You are a careful contract lawyer.\",\"provider\":\"openai-mini\","
            + "\"capabilities\":[\"filesystem\"],\"tier\":\"premium\",\"expectedLatencyMs\":900}";

    private final WireMockServer registry =
            new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    private AgentCatalog catalog;

    @BeforeEach
    void setUp() {
        registry.start();
        registry.stubFor(get(urlPathEqualTo("/v1/agents"))
                .willReturn(okJson(Neighbours.seedAgents()).withHeader("ETag", "\"7\"")));
        catalog = new AgentCatalog(
                new RegistryClient(
                        RestClient.builder().baseUrl(registry.baseUrl()).build()),
                ProviderRegistries.withOpenAiKey(),
                new AgentCatalogProperties(Duration.ofHours(1), Duration.ZERO));
    }

    @AfterEach
    void tearDown() {
        registry.stop();
    }

    @Test
    void readsEveryAgentFromTheRegistryWithItsChainResolvedAgainstTheKeysThatAreSet() {
        catalog.refresh();

        assertThat(catalog.all()).extracting(Agent::name).hasSize(9).contains("python", "analytics");
        Agent analytics = catalog.find("analytics").orElseThrow();
        assertThat(analytics.systemPrompt()).isEqualTo("You are a data analyst.");
        assertThat(analytics.capabilities()).containsExactly("calculator");
        assertThat(analytics.tier()).isEqualTo(ModelTier.QUALITY);
        // quality's chain has an entry without a key first: skipped
        assertThat(analytics.providers()).containsExactly("openai-4o", "openai-mini");
    }

    @Test
    void asksWithTheETagItHoldsAndKeepsItsCopyWhenTheRegistryIsUnchanged() {
        catalog.refresh();
        registry.stubFor(
                get(urlPathEqualTo("/v1/agents")).willReturn(aResponse().withStatus(304)));

        catalog.refresh();

        registry.verify(getRequestedFor(urlPathEqualTo("/v1/agents"))
                .withHeader("If-None-Match", com.github.tomakehurst.wiremock.client.WireMock.equalTo("\"7\"")));
        assertThat(catalog.all()).hasSize(9);
    }

    @Test
    void findsAnAgentRegisteredAMomentAgoWithItsOwnDefinition() {
        catalog.refresh();
        String seed = Neighbours.seedAgents().strip();
        registry.stubFor(get(urlPathEqualTo("/v1/agents"))
                .willReturn(okJson(seed.substring(0, seed.lastIndexOf(']')) + "," + NEW_AGENT + "]")
                        .withHeader("ETag", "\"8\"")));

        Agent legal = catalog.find("legal").orElseThrow();

        assertThat(legal.systemPrompt()).isEqualTo("You are a careful contract lawyer.");
        assertThat(legal.providers()).containsExactly("openai-mini");
        assertThat(legal.team()).isEqualTo("law");
    }

    @Test
    void tasksThatAskBeforeTheFirstCopyArrivedAllWaitForIt() throws Exception {
        // a slow registry and misses that may refresh only once an hour: as right after a restart,
        // when reclaimed tasks ask for their agents while the first copy is still on its way
        registry.stubFor(get(urlPathEqualTo("/v1/agents"))
                .willReturn(okJson(Neighbours.seedAgents())
                        .withHeader("ETag", "\"7\"")
                        .withFixedDelay(300)));
        AgentCatalog cold = new AgentCatalog(
                new RegistryClient(
                        RestClient.builder().baseUrl(registry.baseUrl()).build()),
                ProviderRegistries.withOpenAiKey(),
                new AgentCatalogProperties(Duration.ofHours(1), Duration.ofHours(1)));
        ExecutorService tasks = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> found = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                found.add(tasks.submit(() -> cold.find("python").isPresent()));
            }

            for (Future<Boolean> each : found) {
                assertThat(each.get(10, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            tasks.shutdownNow();
        }
    }

    @Test
    void keepsTheAgentsItKnowsWhileTheRegistryIsAway() {
        catalog.refresh();
        registry.stubFor(
                get(urlPathEqualTo("/v1/agents")).willReturn(aResponse().withStatus(503)));

        catalog.refresh();

        assertThat(catalog.find("python")).isPresent();
        assertThat(catalog.find("nobody")).isEmpty();
    }

    @Test
    void givesAnAgentWithoutASystemPromptOneNamingItsTeamAndDescription() {
        registry.stubFor(get(urlPathEqualTo("/v1/agents"))
                .willReturn(
                        okJson("[{\"name\":\"tax\",\"team\":\"finance\",\"description\":\"Answers tax questions.\"}]")
                                .withHeader("ETag", "\"9\"")));

        catalog.refresh();

        Agent tax = catalog.find("tax").orElseThrow();
        assertThat(tax.systemPrompt()).contains("tax", "finance", "Answers tax questions.");
        assertThat(tax.tier()).isEqualTo(ModelTier.CHEAP);
        assertThat(List.of(tax.provider())).containsExactly("openai-mini");
    }
}
