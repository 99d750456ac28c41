package dev.agentplatform.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.common.ChatMessage;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

    private final ProviderRegistry registry = new ProviderRegistry(
            new ProviderCatalogProperties(providers(), new ProviderCatalogProperties.SimulatedProperties(null)),
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
    void answersARealProviderWithoutAKeyWithTheSimulatedOneAtItsOwnPrice() {
        LlmCompletion completion = registry.complete("claude-opus-4", request());

        assertThat(completion.simulated()).isTrue();
        assertThat(completion.provider()).isEqualTo("claude-opus-4");
        assertThat(completion.model()).isEqualTo("claude-opus-4");
        assertThat(completion.costUsd())
                .isGreaterThan(registry.complete("simulated", request()).costUsd());
        assertThat(registry.info("claude-opus-4").orElseThrow().simulated()).isTrue();
        assertThat(registry.info("claude-opus-4").orElseThrow().tier()).isEqualTo("premium");
    }

    @Test
    void refusesAnUnknownProvider() {
        assertThat(registry.knows("nope")).isFalse();
        assertThatThrownBy(() -> registry.complete("nope", request())).isInstanceOf(ProviderException.class);
    }
}
