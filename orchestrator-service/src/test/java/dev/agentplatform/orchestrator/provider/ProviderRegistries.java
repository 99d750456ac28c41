package dev.agentplatform.orchestrator.provider;

import dev.agentplatform.orchestrator.resilience.ResilienceProperties;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Provider catalogs for tests. */
public final class ProviderRegistries {

    private ProviderRegistries() {}

    /**
     * simulated; claude-opus-4 (premium, no key); openai-4o (gpt-4o, premium) and openai-mini
     * (gpt-4o-mini, cheap) with a key; chains: premium and quality claude-opus-4, openai-4o,
     * openai-mini; free and cheap openai-mini.
     */
    public static ProviderRegistry withOpenAiKey() {
        Map<String, ProviderCatalogProperties.ProviderSettings> providers = new LinkedHashMap<>();
        providers.put(
                "simulated",
                ProviderCatalogProperties.ProviderSettings.keyless(
                        "simulated", "simulated-1", "cheap", new BigDecimal("1.00"), new BigDecimal("3.00"), 0));
        providers.put(
                "claude-opus-4",
                ProviderCatalogProperties.ProviderSettings.keyless(
                        "anthropic", "claude-opus-4", "premium", new BigDecimal("15"), new BigDecimal("75"), 0));
        providers.put("openai-4o", openAi("gpt-4o", "premium"));
        providers.put("openai-mini", openAi("gpt-4o-mini", "cheap"));
        List<String> dear = List.of("claude-opus-4", "openai-4o", "openai-mini");
        return new ProviderRegistry(
                new ProviderCatalogProperties(
                        providers,
                        new ProviderCatalogProperties.SimulatedProperties(null, 0, Map.of()),
                        Map.of(
                                "premium",
                                dear,
                                "quality",
                                dear,
                                "free",
                                List.of("openai-mini"),
                                "cheap",
                                List.of("openai-mini"))),
                agent -> Simulation.IDEAL,
                duration -> {});
    }

    /**
     * Guards for tests: a breaker opening after five failures for a minute, 5 s per call, {@code
     * retryMaxAttempts} attempts 1 ms apart, no wait for a rate limit.
     */
    public static ResilienceProperties resilience(int retryMaxAttempts) {
        return new ResilienceProperties(
                5,
                Duration.ofMinutes(1),
                1,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                retryMaxAttempts,
                Duration.ofMillis(1),
                2.0,
                Duration.ZERO);
    }

    private static ProviderCatalogProperties.ProviderSettings openAi(String model, String tier) {
        return new ProviderCatalogProperties.ProviderSettings(
                "openai-compatible",
                model,
                tier,
                BigDecimal.ONE,
                BigDecimal.ONE,
                0,
                "http://127.0.0.1:1/v1",
                "sk-test",
                256,
                Duration.ofSeconds(1),
                4000);
    }
}
