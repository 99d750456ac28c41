package dev.agentplatform.cost.budget;

import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Daily budgets per user tier.
 *
 * @param defaultTier the tier of users whose tier is missing or unknown (default {@code free})
 * @param dailyLimitUsd the most a user of a tier may spend per UTC day, in US dollars; merged over
 *     the defaults {@code free=0.50}, {@code pro=10.00} (the seed's)
 * @param unlimitedTiers tiers with no daily limit (default {@code enterprise}, unless it is given a
 *     limit in {@code daily-limit-usd})
 * @param cacheTtl how long a budget set through the admin API is read from this instance's cache
 *     before PostgreSQL is asked again (duration, default 5s; the instance that took the write
 *     forgets it at once)
 */
@ConfigurationProperties("platform.cost.budget")
@Validated
public record BudgetProperties(
        @DefaultValue("free") @NotBlank String defaultTier,
        Map<String, BigDecimal> dailyLimitUsd,
        Set<String> unlimitedTiers,
        @DefaultValue("5s") Duration cacheTtl) {

    static final Map<String, BigDecimal> DEFAULT_LIMITS =
            Map.of("free", new BigDecimal("0.50"), "pro", new BigDecimal("10.00"));
    static final Set<String> DEFAULT_UNLIMITED = Set.of("enterprise");

    public BudgetProperties {
        defaultTier = normalise(defaultTier);
        if (cacheTtl == null || cacheTtl.isNegative()) {
            cacheTtl = Duration.ofSeconds(5);
        }
        Map<String, BigDecimal> configured = new HashMap<>();
        if (dailyLimitUsd != null) {
            for (Map.Entry<String, BigDecimal> entry : dailyLimitUsd.entrySet()) {
                if (entry.getValue() == null || entry.getValue().signum() < 0) {
                    throw new IllegalArgumentException("platform.cost.budget.daily-limit-usd." + entry.getKey()
                            + " must be 0 or more, was " + entry.getValue());
                }
                configured.put(normalise(entry.getKey()), entry.getValue());
            }
        }
        Set<String> unlimited = new HashSet<>();
        if (unlimitedTiers == null) {
            // A tier that is unlimited by default but was given a limit takes the limit.
            unlimited.addAll(DEFAULT_UNLIMITED);
            unlimited.removeAll(configured.keySet());
        } else {
            for (String tier : unlimitedTiers) {
                unlimited.add(normalise(tier));
            }
            for (String tier : unlimited) {
                if (configured.containsKey(tier)) {
                    throw new IllegalArgumentException("platform.cost.budget: tier '" + tier
                            + "' is both in unlimited-tiers and given a daily-limit-usd");
                }
            }
        }
        Map<String, BigDecimal> limits = new HashMap<>(DEFAULT_LIMITS);
        limits.putAll(configured);
        // Naming a tier unlimited overrides a default limit it may have.
        limits.keySet().removeAll(unlimited);
        if (defaultTier != null && !limits.containsKey(defaultTier) && !unlimited.contains(defaultTier)) {
            throw new IllegalArgumentException(
                    "platform.cost.budget.default-tier '" + defaultTier + "' has no daily limit and is not unlimited");
        }
        dailyLimitUsd = Map.copyOf(limits);
        unlimitedTiers = Set.copyOf(unlimited);
    }

    static String normalise(String tier) {
        return tier == null ? null : tier.trim().toLowerCase(Locale.ROOT);
    }
}
