package dev.agentplatform.cost.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.cost.reservation.Standing;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of the budgets that apply binds the budget check: the one with the smallest share left. */
class BindingBudgetTest {

    /** A budget of {@code scope} and {@code period} limited to {@code limit} ({@code null}: unlimited), {@code spent} spent. */
    private static Standing standing(String scope, String period, String limit, String spent) {
        return new Standing(
                scope,
                "id",
                period,
                limit == null ? null : new BigDecimal(limit),
                new BigDecimal(spent),
                BigDecimal.ZERO,
                null,
                BigDecimal.ZERO,
                Instant.EPOCH);
    }

    @Test
    void theSmallestShareLeftBindsNotTheSmallestAmount() {
        Standing user = standing("user", "day", "10.00", "9.00"); // $1 left, 10 %
        Standing team = standing("team", "day", "100.00", "95.00"); // $5 left, 5 %
        Standing key = standing("key", "month", "1.00", "0.50"); // $0.50 left, 50 %

        assertThat(BudgetController.binding(List.of(user, team, key))).isSameAs(team);
    }

    @Test
    void unlimitedBudgetsNeverBindAndTiesGoToTheUsersDailyBudget() {
        Standing unlimited = standing("user", "day", null, "7.00");
        Standing team = standing("team", "day", "2.00", "1.00");
        assertThat(BudgetController.binding(List.of(unlimited, team))).isSameAs(team);
        assertThat(BudgetController.binding(List.of(unlimited, standing("key", "day", null, "1"))))
                .isSameAs(unlimited);

        Standing user = standing("user", "day", "1.00", "0.50");
        assertThat(BudgetController.binding(List.of(user, team))).isSameAs(user);
    }

    @Test
    void anOverspentOrZeroBudgetHasNothingLeft() {
        Standing user = standing("user", "day", "1.00", "0.01");
        Standing zero = standing("key", "day", "0", "0");
        Standing over = standing("team", "month", "1.00", "1.50");

        assertThat(BudgetController.binding(List.of(user, zero, over))).isSameAs(zero);
        assertThat(BudgetController.binding(List.of(user, over))).isSameAs(over);
    }
}
