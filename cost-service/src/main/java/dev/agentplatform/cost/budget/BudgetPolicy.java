package dev.agentplatform.cost.budget;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.stereotype.Component;

/** Which budget applies to a tier, and which UTC day a budget covers. */
@Component
public class BudgetPolicy {

    private final BudgetProperties properties;
    private final Clock clock;

    BudgetPolicy(BudgetProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** The budget for a tier as the gateway sent it; missing or unknown tiers get the default tier's. */
    public TierBudget forTier(String tier) {
        String normalised = BudgetProperties.normalise(tier);
        if (normalised == null || !isKnown(normalised)) {
            normalised = properties.defaultTier();
        }
        return new TierBudget(
                normalised,
                properties.unlimitedTiers().contains(normalised)
                        ? null
                        : properties.dailyLimitUsd().get(normalised));
    }

    private boolean isKnown(String tier) {
        return properties.dailyLimitUsd().containsKey(tier)
                || properties.unlimitedTiers().contains(tier);
    }

    /** The current budget day; budgets reset at midnight UTC. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** The first instant of a budget day. */
    public static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
