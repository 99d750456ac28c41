package dev.agentplatform.cost.budget;

import dev.agentplatform.common.BudgetCheck;
import dev.agentplatform.cost.reservation.SpendCounters;
import dev.agentplatform.support.security.ServiceCaller;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers whether a user may spend now: the router's budget advice and the orchestrator's tier caps.
 * It reads the day's spend from the same Redis counter reservations draw on (one hash read), not a
 * sum over the ledger's rows of the day: that sum grows with the user's traffic (300 ms for a user
 * with a few hundred thousand calls today) and was the latency tail of every caller. A missing
 * counter is seeded from the ledger; the reconciler raises counters the ledger shows more for.
 */
@RestController
class BudgetController {

    private final BudgetPolicy policy;
    private final SpendCounters counters;
    private final Budgets budgets;

    BudgetController(BudgetPolicy policy, SpendCounters counters, Budgets budgets) {
        this.policy = policy;
        this.counters = counters;
        this.budgets = budgets;
    }

    @GetMapping("/v1/budgets/{userId}")
    BudgetCheck check(@PathVariable String userId, @RequestParam(required = false) String tier) {
        UserIds.require(userId, "userId");
        ServiceCaller.requireUser(userId);
        BudgetLimit daily = budgets.limits(userId, tier, null, null).get(0);
        TierBudget budget = new TierBudget(policy.forTier(tier).tier(), daily.limitUsd());
        BigDecimal spent = counters.standing(List.of(daily)).get(0).spentUsd();
        return new BudgetCheck(
                userId, budget.tier(), budget.allows(spent), spent, budget.dailyLimitUsd(), budget.remaining(spent));
    }
}
