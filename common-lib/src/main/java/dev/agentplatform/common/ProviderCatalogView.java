package dev.agentplatform.common;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The orchestrator's provider catalog as {@code GET /v1/providers} lists it: what the router checks
 * an agent's providers and a request's model id against, and what an operator reads.
 *
 * @param providers every entry of the catalog
 * @param chains the default provider chain of each tier, by tier id, as configured (entries without
 *     a key are skipped when a call is made)
 */
public record ProviderCatalogView(List<Entry> providers, Map<String, List<String>> chains) {

    /**
     * One catalog entry.
     *
     * @param name the entry's name, which agents name as their {@code provider}
     * @param type {@code simulated}, {@code openai-compatible} or {@code anthropic}
     * @param model the provider's model id, which a request may name as its {@code model}
     * @param tier its price tier
     * @param baseUrl the API it calls; {@code null} for the adapter's default
     * @param configured whether its API key is set (the simulated entry always is)
     * @param breaker the state of its circuit breaker: {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}
     * @param inputUsdPerMillion price per million prompt tokens in US dollars
     * @param outputUsdPerMillion price per million completion tokens in US dollars
     * @param qps the most calls per second sent to it; 0 for unlimited
     */
    public record Entry(
            String name,
            String type,
            String model,
            ModelTier tier,
            String baseUrl,
            boolean configured,
            String breaker,
            BigDecimal inputUsdPerMillion,
            BigDecimal outputUsdPerMillion,
            int qps) {}
}
