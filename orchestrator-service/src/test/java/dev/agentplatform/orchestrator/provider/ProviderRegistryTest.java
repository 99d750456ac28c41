package dev.agentplatform.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ModelTier;
import dev.agentplatform.common.ProviderCatalogView;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

    private final ProviderRegistry registry = new ProviderRegistry(
            new ProviderCatalogProperties(
                    providers(), new ProviderCatalogProperties.SimulatedProperties(null, 0, Map.of()), Map.of()),
            agent -> Simulation.IDEAL,
            duration -> {});

    private static Map<String, ProviderCatalogProperties.ProviderSettings> providers() {
        Map<String, ProviderCatalogProperties.ProviderSettings> providers = new LinkedHashMap<>();
        providers.put(
                "simulated",
                ProviderCatalogProperties.ProviderSettings.keyless(
                        "simulated", "simulated-1", "cheap", new BigDecimal("1.00"), new BigDecimal("3.00"), 0));
        providers.put(
                "claude-opus-4",
                ProviderCatalogProperties.ProviderSettings.keyless(
                        "anthropic", "claude-opus-4", "premium", new BigDecimal("15"), new BigDecimal("75"), 0));
        return providers;
    }

    private static LlmRequest request() {
        return new LlmRequest(
                "task-1",
                "python",
                List.of(new ChatMessage("system", "You are python."), new ChatMessage("user", "hello world")));
    }

    @Test
    void pricesACallFromTheCatalog() {
        LlmCompletion completion = registry.complete("simulated", request());

        BigDecimal expected = BigDecimal.valueOf(completion.usage().promptTokens())
                .multiply(new BigDecimal("1.00"))
                .add(BigDecimal.valueOf(completion.usage().completionTokens()).multiply(new BigDecimal("3.00")))
                .divide(BigDecimal.valueOf(1_000_000));
        assertThat(completion.costUsd()).isPositive().isEqualByComparingTo(expected);
        assertThat(completion.provider()).isEqualTo("simulated");
        assertThat(completion.model()).isEqualTo("simulated-1");
        assertThat(completion.simulated()).isTrue();
    }

    @Test
    void skipsAnEntryWithoutAKeyAndFallsToTheSimulatedProviderOnlyWhenNoEntryOfTheChainHasOne() {
        AgentDefinition premium = agent(ModelTier.PREMIUM, null);

        assertThat(registry.chainFor(premium)).containsExactly("simulated");
        assertThatThrownBy(() -> registry.complete("claude-opus-4", request()))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("claude-opus-4");
    }

    @Test
    void callsTheConfiguredEntriesOfAnAgentsTierChainInOrder() {
        ProviderRegistry withKeys = ProviderRegistries.withOpenAiKey();

        assertThat(withKeys.chainFor(agent(ModelTier.PREMIUM, null))).containsExactly("openai-4o", "openai-mini");
        assertThat(withKeys.chainFor(agent(ModelTier.FREE, null))).containsExactly("openai-mini");
        // an agent that names its providers gets those, without the ones that have no key
        assertThat(withKeys.chainFor(agent(ModelTier.FREE, "claude-opus-4", "openai-4o")))
                .containsExactly("openai-4o");
    }

    @Test
    void addressesACatalogModelByItsIdThenFallsBackAlongItsTiersChain() {
        ProviderRegistry withKeys = ProviderRegistries.withOpenAiKey();

        ProviderRegistry.DirectChain direct = withKeys.directChain("gpt-4o").orElseThrow();
        assertThat(direct.providers()).containsExactly("openai-4o", "openai-mini");
        assertThat(direct.tier()).isEqualTo(ModelTier.PREMIUM);
        assertThat(withKeys.directChain("no-such-model")).isEmpty();
    }

    @Test
    void listsEveryEntryWithWhetherItsKeyIsSetAndEachTiersChain() {
        ProviderCatalogView view = ProviderRegistries.withOpenAiKey().view(name -> "CLOSED");

        assertThat(view.providers())
                .extracting(ProviderCatalogView.Entry::name, ProviderCatalogView.Entry::configured)
                .containsExactly(
                        tuple("simulated", true),
                        tuple("claude-opus-4", false),
                        tuple("openai-4o", true),
                        tuple("openai-mini", true));
        assertThat(view.chains()).containsEntry("premium", List.of("claude-opus-4", "openai-4o", "openai-mini"));
    }

    private static AgentDefinition agent(ModelTier tier, String provider, String... fallbacks) {
        return new AgentDefinition(
                "a", "t", "d", List.of(), List.of(), "You help.", provider, List.of(fallbacks), List.of(), tier, 100);
    }

    @Test
    void refusesAnUnknownProvider() {
        assertThat(registry.knows("nope")).isFalse();
        assertThatThrownBy(() -> registry.complete("nope", request())).isInstanceOf(ProviderException.class);
    }
}
