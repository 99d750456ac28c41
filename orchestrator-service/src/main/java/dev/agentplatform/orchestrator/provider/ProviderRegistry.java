package dev.agentplatform.orchestrator.provider;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ModelTier;
import dev.agentplatform.common.ProviderCatalogView;
import dev.agentplatform.common.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The provider catalog bound to adapters: calls the provider an agent's chain names and prices the
 * answer from the catalog. An entry is configured when its key is set (the simulated entry always
 * is); chains skip the others, and only a chain with no configured entry falls to the simulated
 * provider, whose answers say so.
 */
@Component
public class ProviderRegistry {

    private static final Logger log = LoggerFactory.getLogger(ProviderRegistry.class);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    /** Dollar amounts keep eight decimals: one token of the cheapest priced model still shows. */
    static final int COST_SCALE = 8;

    /** Tokens a chat format adds per message around its content (role, separators), counted high. */
    private static final int MESSAGE_OVERHEAD_TOKENS = 8;

    private final TokenCounter tokens = new TokenCounter();
    private final Map<String, Binding> bindings;
    private final Map<ModelTier, List<String>> chains;
    private final String simulated;

    @Autowired
    ProviderRegistry(ProviderCatalogProperties properties, SimulationSettings simulations) {
        this(properties, simulations, SimulatedProvider.Sleeper.REAL);
    }

    ProviderRegistry(
            ProviderCatalogProperties properties, SimulationSettings simulations, SimulatedProvider.Sleeper sleeper) {
        Map<String, Binding> byName = new LinkedHashMap<>();
        properties.providers().forEach((name, settings) -> {
            LlmProvider adapter;
            if (!SimulatedProvider.TYPE.equals(settings.type()) && !settings.hasKey()) {
                log.info("provider {} ({}) has no API key; chains skip it", name, settings.type());
                adapter = null;
            } else if (SimulatedProvider.TYPE.equals(settings.type())) {
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
        this.simulated = byName.entrySet().stream()
                .filter(e ->
                        SimulatedProvider.TYPE.equals(e.getValue().settings().type()))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        Map<ModelTier, List<String>> tierChains = new LinkedHashMap<>();
        properties.chains().forEach((tier, names) -> {
            for (String name : names) {
                if (!byName.containsKey(name)) {
                    throw new IllegalStateException("the chain of tier " + tier + " names provider " + name
                            + ", which is not in the provider catalog (platform.orchestrator.providers)");
                }
            }
            tierChains.put(ModelTier.of(tier), List.copyOf(names));
        });
        this.chains = Collections.unmodifiableMap(tierChains);
        for (ModelTier tier : ModelTier.values()) {
            List<String> chain = configured(chains.getOrDefault(tier, List.of()), false);
            log.info(
                    "tier {} calls {}",
                    tier.id(),
                    chain.isEmpty() ? "the simulated provider (no key of its chain is set)" : chain);
        }
    }

    /**
     * The providers {@code agent} calls, in order: those it names, else its tier's chain; only
     * configured entries; the simulated entry when none is.
     */
    public List<String> chainFor(AgentDefinition agent) {
        List<String> named = agent.namedProviders();
        List<String> chain = named.isEmpty()
                ? configured(chains.getOrDefault(agent.tier(), List.of()), false)
                // an agent may name the simulated provider itself, e.g. as its last fallback
                : configured(named, true);
        return chain.isEmpty() ? simulatedChain() : chain;
    }

    /**
     * The chain that answers a request addressing a catalog model directly ({@code gpt-4o-mini}):
     * the entry serving that model (by model id or entry name), then the rest of its tier's chain.
     *
     * @return empty when no entry serves {@code model}
     */
    public Optional<DirectChain> directChain(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        String wanted = model.strip();
        return bindings.entrySet().stream()
                .filter(e -> e.getKey().equals(wanted)
                        || e.getValue().settings().model().equalsIgnoreCase(wanted))
                // a configured entry first, when several serve the same model
                .sorted((a, b) ->
                        Boolean.compare(b.getValue().configured(), a.getValue().configured()))
                .findFirst()
                .map(e -> {
                    ModelTier tier = tierOf(e.getValue().settings());
                    List<String> order = new ArrayList<>();
                    order.add(e.getKey());
                    order.addAll(chains.getOrDefault(tier, List.of()));
                    List<String> chain = configured(order, false);
                    return new DirectChain(
                            e.getValue().settings().model(), tier, chain.isEmpty() ? simulatedChain() : chain);
                });
    }

    /** The configured entries of {@code tier}'s chain, in order; empty when none is configured. */
    public List<String> tierChain(ModelTier tier) {
        return configured(chains.getOrDefault(tier, List.of()), false);
    }

    /** The simulated entry alone, or nothing when the catalog has none (every chain then fails). */
    private List<String> simulatedChain() {
        return simulated == null ? List.of() : List.of(simulated);
    }

    /**
     * The configured entries of {@code names}, in order, each once; unknown names are dropped, and
     * the simulated entry unless {@code simulatedToo}.
     */
    private List<String> configured(List<String> names, boolean simulatedToo) {
        LinkedHashSet<String> chain = new LinkedHashSet<>();
        for (String name : names) {
            Binding binding = bindings.get(name);
            if (binding != null && binding.configured() && (simulatedToo || !name.equals(simulated))) {
                chain.add(name);
            }
        }
        return List.copyOf(chain);
    }

    /** Every entry as {@code GET /v1/providers} lists it, with each breaker's state from {@code breakers}. */
    public ProviderCatalogView view(Function<String, String> breakers) {
        List<ProviderCatalogView.Entry> entries = new ArrayList<>();
        bindings.forEach((name, binding) -> {
            ProviderCatalogProperties.ProviderSettings s = binding.settings();
            entries.add(new ProviderCatalogView.Entry(
                    name,
                    s.type(),
                    s.model(),
                    tierOf(s),
                    s.baseUrl(),
                    binding.configured(),
                    breakers.apply(name),
                    s.inputUsdPerMillion(),
                    s.outputUsdPerMillion(),
                    s.qps()));
        });
        Map<String, List<String>> tierChains = new LinkedHashMap<>();
        chains.forEach((tier, names) -> tierChains.put(tier.id(), names));
        return new ProviderCatalogView(entries, tierChains);
    }

    /** The history budget in tokens of {@code provider}'s model. */
    public int historyTokens(String provider) {
        Binding binding = bindings.get(provider);
        return binding == null ? 0 : binding.settings().historyTokens();
    }

    private static ModelTier tierOf(ProviderCatalogProperties.ProviderSettings settings) {
        try {
            return ModelTier.of(settings.tier().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ModelTier.CHEAP;
        }
    }

    /**
     * The chain for a catalog model addressed directly.
     *
     * @param model the model id asked for
     * @param tier its entry's tier
     * @param providers the configured entries to call in order
     */
    public record DirectChain(String model, ModelTier tier, List<String> providers) {}

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
                response.toolCalls(),
                response.finishReason());
    }

    /**
     * The most one call of any of {@code chain} can cost: the prompt's tokens (and {@code
     * extraPromptTokens} still to come, such as tool outputs) at the entry's input price plus the answer's cap ({@code maxTokens} asked, never above the entry's {@code
     * max-tokens}) at its output price. What a budget must hold before the call.
     */
    public BigDecimal worstCaseUsd(
            List<String> chain, List<ChatMessage> messages, int extraPromptTokens, Integer maxTokens) {
        long prompt = tokens.count(messages) + (long) MESSAGE_OVERHEAD_TOKENS * messages.size() + extraPromptTokens;
        BigDecimal worst = BigDecimal.ZERO;
        for (String provider : chain) {
            Binding binding = bindings.get(provider);
            if (binding == null || !binding.configured()) {
                continue;
            }
            ProviderCatalogProperties.ProviderSettings s = binding.settings();
            int answer = maxTokens == null ? s.maxTokens() : Math.min(maxTokens, s.maxTokens());
            worst = worst.max(binding.cost(new TokenUsage((int) Math.min(Integer.MAX_VALUE, prompt), answer)));
        }
        return worst;
    }

    /** What the catalog says about {@code provider}, if it lists it. */
    public Optional<ProviderInfo> info(String provider) {
        Binding binding = provider == null ? null : bindings.get(provider);
        if (binding == null) {
            return Optional.empty();
        }
        ProviderCatalogProperties.ProviderSettings s = binding.settings();
        return Optional.of(new ProviderInfo(provider, s.type(), s.model(), s.tier(), s.qps()));
    }

    /** Whether {@code provider} is in the catalog. */
    public boolean knows(String provider) {
        return bindings.containsKey(provider);
    }

    private record Binding(ProviderCatalogProperties.ProviderSettings settings, LlmProvider adapter) {

        boolean configured() {
            return adapter != null;
        }

        BigDecimal cost(TokenUsage usage) {
            return BigDecimal.valueOf(usage.promptTokens())
                    .multiply(settings.inputUsdPerMillion())
                    .add(BigDecimal.valueOf(usage.completionTokens()).multiply(settings.outputUsdPerMillion()))
                    .divide(MILLION, COST_SCALE, RoundingMode.HALF_UP);
        }
    }
}
