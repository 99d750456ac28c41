package dev.agentplatform.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.BudgetCheck;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

class BudgetAdvisorTest {

    @Test
    void pressureGrowsAsTheRemainingShareFallsBelowTheLowFraction() {
        assertThat(BudgetAdvisor.pressure(check(true, "20", "15"), 0.5)).isZero();
        assertThat(BudgetAdvisor.pressure(check(true, "20", "10"), 0.5)).isZero();
        assertThat(BudgetAdvisor.pressure(check(true, "20", "5"), 0.5)).isEqualTo(0.5);
        assertThat(BudgetAdvisor.pressure(check(true, "20", "0"), 0.5)).isEqualTo(1.0);
        assertThat(BudgetAdvisor.pressure(check(false, "20", "0"), 0.5)).isEqualTo(1.0);
    }

    @Test
    void anUnlimitedTierOrNoAnswerPutsNoPressure() {
        assertThat(BudgetAdvisor.pressure(new BudgetCheck("u", "enterprise", true, BigDecimal.ONE, null, null), 0.5))
                .isZero();
        assertThat(BudgetAdvisor.pressure(null, 0.5)).isZero();
    }

    @Test
    void anUnreachableCostServiceMeansNoAdvice() {
        BudgetAdvisor advisor = new BudgetAdvisor(
                RestClient.builder(),
                new BudgetProperties(
                        true,
                        java.net.URI.create("http://127.0.0.1:1"),
                        java.time.Duration.ofMillis(200),
                        java.time.Duration.ofSeconds(10),
                        0.5));

        assertThat(advisor.pressure("alice", "free")).isZero();
    }

    private static BudgetCheck check(boolean allowed, String limit, String remaining) {
        return new BudgetCheck("u", "free", allowed, BigDecimal.ZERO, new BigDecimal(limit), new BigDecimal(remaining));
    }
}
