package dev.agentplatform.orchestrator.provider;

import dev.agentplatform.common.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The provider catalog bound to adapters: calls the provider an agent names and prices the answer
 * from the catalog.
 */
@Component
public class ProviderRegistry {

    private static final Logger log = LoggerFactory.getLogger(ProviderRegistry.class);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    /** Dollar amounts keep eight decimals: one token of the cheapest priced model still shows. */
    static final int COST_SCALE = 8;

    private final Map<String, Binding> bindings;

    @Autowired
    ProviderRegistry(ProviderCatalogProperties properties, SimulationSettings simulations) {
        this(properties, simulations, SimulatedProvider.Sleeper.REAL);
    }

    ProviderRegistry(
            ProviderCatalogProperties properties, SimulationSettings simulations, SimulatedProvider.Sleeper sleeper) {
        TokenCounter tokens = new TokenCounter();
        Map<String, Binding> byName = new LinkedHashMap<>();
        properties.providers().forEach((name, settings) -> {
            LlmProvider adapter;
            if (SimulatedProvider.TYPE.equals(settings.type()) || !settings.hasKey()) {
                if (!SimulatedProvider.TYPE.equals(settings.type())) {
                    log.info(
                            "provider {} ({}) has no API key; the simulated provider answers for it",
                            name,
                            settings.type());
                }
                adapter = new SimulatedProvider(
                        settings.model(),
                        tokens,
                        simulations,
                        properties.simulated().seed(),
                        sleeper);
            } else {
                adapter = switch (settings.type()) {
                    case LangChainProvider.OPENAI_COMPATIBLE -> LangChainProvider.openAiCompatible(name, settings);
                    case LangChainProvider.ANTHROPIC -> LangChainProvider.anthropic(name, settings);
                    default -> {
                        log.warn("provider {} has unknown type {}; its agents will not answer", name, settings.type());
                        yield null;
                    }
                };
            }
            byName.put(name, new Binding(settings, adapter));
        });
        this.bindings = Collections.unmodifiableMap(byName);
    }

    /**
     * Calls {@code provider} and prices its answer.
     *
     * @throws ProviderException when the provider is unknown, has no adapter, or fails
     */
    public LlmCompletion complete(String provider, LlmRequest request) {
        Binding binding = binding(provider);
        return priced(provider, binding, binding.adapter().chat(request));
    }

    /**
     * Calls {@code provider} streamed, handing the pieces to {@code onToken}, and prices its answer.
     *
     * @throws ProviderException when the provider is unknown, has no adapter, or fails
     */
    public LlmCompletion stream(String provider, LlmRequest request, Consumer<String> onToken) {
        Binding binding = binding(provider);
        return priced(provider, binding, binding.adapter().stream(request, onToken));
    }

    private Binding binding(String provider) {
        Binding binding = bindings.get(provider);
        if (binding == null || binding.adapter() == null) {
            throw new ProviderException(
                    ProviderException.PROVIDER_UNAVAILABLE, false, "no adapter serves provider " + provider);
        }
        return binding;
    }

    private static LlmCompletion priced(String provider, Binding binding, LlmResponse response) {
        return new LlmCompletion(
                response.content(),
                provider,
                response.model(),
                response.simulated(),
                response.usage(),
                binding.cost(response.usage()),
                response.toolCalls());
    }

    /** What the catalog says about {@code provider}, if it lists it. */
    public Optional<ProviderInfo> info(String provider) {
        Binding binding = provider == null ? null : bindings.get(provider);
        if (binding == null) {
            return Optional.empty();
        }
        ProviderCatalogProperties.ProviderSettings s = binding.settings();
        // Without a key the simulated adapter answers, and so it is guarded like the simulated provider.
        String type = binding.adapter() instanceof SimulatedProvider ? SimulatedProvider.TYPE : s.type();
        return Optional.of(new ProviderInfo(provider, type, s.model(), s.tier(), s.qps()));
    }

    /** Whether {@code provider} is in the catalog. */
    public boolean knows(String provider) {
        return bindings.containsKey(provider);
    }

    private record Binding(ProviderCatalogProperties.ProviderSettings settings, LlmProvider adapter) {

        BigDecimal cost(TokenUsage usage) {
            return BigDecimal.valueOf(usage.promptTokens())
                    .multiply(settings.inputUsdPerMillion())
                    .add(BigDecimal.valueOf(usage.completionTokens()).multiply(settings.outputUsdPerMillion()))
                    .divide(MILLION, COST_SCALE, RoundingMode.HALF_UP);
        }
    }
}
