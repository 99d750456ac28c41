package dev.agentplatform.cost.budget;

import dev.agentplatform.common.BudgetCheck;
import dev.agentplatform.cost.ledger.UsageLedger;
import dev.agentplatform.support.security.ServiceCaller;
import java.math.BigDecimal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Answers whether a user may spend now: the orchestrator's pre-check before each call. */
@RestController
class BudgetController {

    private final BudgetPolicy policy;
    private final UsageLedger ledger;
    private final Budgets budgets;

    BudgetController(BudgetPolicy policy, UsageLedger ledger, Budgets budgets) {
        this.policy = policy;
        this.ledger = ledger;
        this.budgets = budgets;
    }

    @GetMapping("/v1/budgets/{userId}")
    BudgetCheck check(@PathVariable String userId, @RequestParam(required = false) String tier) {
        UserIds.require(userId, "userId");
        ServiceCaller.requireUser(userId);
        BudgetLimit daily = budgets.limits(userId, tier, null, null).get(0);
        TierBudget budget = new TierBudget(policy.forTier(tier).tier(), daily.limitUsd());
        BigDecimal spent = ledger.spent(userId, daily.start(), daily.resetsAt());
        return new BudgetCheck(
                userId, budget.tier(), budget.allows(spent), spent, budget.dailyLimitUsd(), budget.remaining(spent));
    }
}
