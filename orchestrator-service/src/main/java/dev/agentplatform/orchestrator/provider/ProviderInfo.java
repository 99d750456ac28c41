package dev.agentplatform.orchestrator.provider;

import java.util.Locale;

/**
 * A provider catalog entry as other features see it.
 *
 * @param name the catalog name
 * @param type the adapter type ({@code simulated}, {@code openai-compatible}, {@code anthropic})
 * @param model the model it calls
 * @param tier its price tier ({@code free}, {@code cheap}, {@code quality}, {@code premium})
 * @param qps the most calls per second it may receive; 0 is unlimited
 */
public record ProviderInfo(String name, String type, String model, String tier, int qps) {

    /** Whether the simulated adapter serves it. */
    public boolean simulated() {
        return SimulatedProvider.TYPE.equals(type);
    }

    /** Cheaper tiers first: free 0, cheap 1, quality 2, premium 3, anything else 4. */
    public int tierRank() {
        return tierRank(tier);
    }

    /** The rank of a tier name, cheaper first. */
    public static int tierRank(String tier) {
        return switch (tier == null ? "" : tier.toLowerCase(Locale.ROOT)) {
            case "free" -> 0;
            case "cheap" -> 1;
            case "quality" -> 2;
            case "premium" -> 3;
            default -> 4;
        };
    }
}
