package dev.agentplatform.cost.budget;

import dev.agentplatform.common.BudgetCheck;
import dev.agentplatform.cost.ledger.UsageLedger;
import dev.agentplatform.support.security.ServiceCaller;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Answers whether a user may spend now: the orchestrator's pre-check before each call. */
@RestController
class BudgetController {

    private final BudgetPolicy policy;
    private final UsageLedger ledger;

    BudgetController(BudgetPolicy policy, UsageLedger ledger) {
        this.policy = policy;
        this.ledger = ledger;
    }

    @GetMapping("/v1/budgets/{userId}")
    BudgetCheck check(@PathVariable String userId, @RequestParam(required = false) String tier) {
        UserIds.require(userId, "userId");
        ServiceCaller.requireUser(userId);
        TierBudget budget = policy.forTier(tier);
        LocalDate today = policy.today();
        BigDecimal spent = ledger.spent(userId, BudgetPolicy.startOf(today), BudgetPolicy.startOf(today.plusDays(1)));
        return new BudgetCheck(
                userId, budget.tier(), budget.allows(spent), spent, budget.dailyLimitUsd(), budget.remaining(spent));
    }
}
