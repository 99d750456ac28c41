package dev.agentplatform.cost.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BudgetPolicyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T23:30:00Z"), ZoneId.of("Asia/Tokyo"));

    private static BudgetPolicy policy(Map<String, BigDecimal> limits, Set<String> unlimited) {
        return new BudgetPolicy(new BudgetProperties("free", limits, unlimited, null), CLOCK);
    }

    private final BudgetPolicy defaults = policy(null, null);

    @Test
    void defaultsAreOneDollarForFreeTwentyForProAndNoLimitForEnterprise() {
        assertThat(defaults.forTier("free")).isEqualTo(new TierBudget("free", new BigDecimal("0.50")));
        assertThat(defaults.forTier("pro")).isEqualTo(new TierBudget("pro", new BigDecimal("10.00")));
        assertThat(defaults.forTier("enterprise")).isEqualTo(new TierBudget("enterprise", null));
    }

    @Test
    void missingOrUnknownTiersGetTheFreeBudget() {
        assertThat(defaults.forTier(null).tier()).isEqualTo("free");
        assertThat(defaults.forTier("  ").tier()).isEqualTo("free");
        assertThat(defaults.forTier("gold")).isEqualTo(defaults.forTier("free"));
    }

    @Test
    void tierNamesAreCaseInsensitive() {
        assertThat(defaults.forTier(" PRO ").tier()).isEqualTo("pro");
    }

    @Test
    void configuredLimitsMergeOverTheDefaults() {
        BudgetPolicy policy = policy(Map.of("Pro", new BigDecimal("30"), "team", new BigDecimal("5")), null);

        assertThat(policy.forTier("pro").dailyLimitUsd()).isEqualByComparingTo("30");
        assertThat(policy.forTier("team").dailyLimitUsd()).isEqualByComparingTo("5");
        assertThat(policy.forTier("free").dailyLimitUsd()).isEqualByComparingTo("0.50");
        assertThat(policy.forTier("enterprise").dailyLimitUsd()).isNull();
    }

    @Test
    void aLimitGivenToEnterpriseReplacesItsDefaultUnlimitedBudget() {
        assertThat(policy(Map.of("enterprise", new BigDecimal("500")), null)
                        .forTier("enterprise")
                        .dailyLimitUsd())
                .isEqualByComparingTo("500");
    }

    @Test
    void namingATierUnlimitedRemovesItsDefaultLimit() {
        assertThat(policy(null, Set.of("pro")).forTier("pro").dailyLimitUsd()).isNull();
        assertThat(policy(null, Set.of("pro")).forTier("enterprise").tier()).isEqualTo("free");
    }

    @Test
    void rejectsContradictoryOrBrokenSettings() {
        assertThatThrownBy(() -> new BudgetProperties("free", Map.of("pro", BigDecimal.ONE), Set.of("pro"), null))
                .hasMessageContaining("pro");
        assertThatThrownBy(() -> new BudgetProperties("free", Map.of("pro", new BigDecimal("-1")), null, null))
                .hasMessageContaining("daily-limit-usd.pro");
        assertThatThrownBy(() -> new BudgetProperties("gold", null, null, null)).hasMessageContaining("gold");
    }

    @Test
    void theBudgetDayIsTheUtcDateWhateverTheClockZone() {
        assertThat(defaults.today()).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(BudgetPolicy.startOf(LocalDate.of(2026, 11, 27))).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    }

    @Test
    void aBudgetAllowsSpendingOnlyWhileBelowItsLimit() {
        TierBudget free = new TierBudget("free", new BigDecimal("1.00"));

        assertThat(free.allows(new BigDecimal("0.99999999"))).isTrue();
        assertThat(free.allows(new BigDecimal("1.00000000"))).isFalse();
        assertThat(free.remaining(new BigDecimal("0.25"))).isEqualByComparingTo("0.75");
        assertThat(free.remaining(new BigDecimal("1.50"))).isEqualByComparingTo("0");
        assertThat(new TierBudget("enterprise", null).allows(new BigDecimal("1000000")))
                .isTrue();
        assertThat(new TierBudget("enterprise", null).remaining(BigDecimal.TEN)).isNull();
    }
}
