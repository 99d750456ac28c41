package dev.agentplatform.cost.usage;

import dev.agentplatform.common.Headers;
import dev.agentplatform.cost.budget.BudgetPolicy;
import dev.agentplatform.cost.budget.TierBudget;
import dev.agentplatform.cost.budget.UserIds;
import dev.agentplatform.cost.ledger.PeriodUsage;
import dev.agentplatform.cost.ledger.UsageLedger;
import java.time.LocalDate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The caller's spend today; the gateway sets the user headers from the API key. */
@RestController
class UsageController {

    private final BudgetPolicy policy;
    private final UsageLedger ledger;

    UsageController(BudgetPolicy policy, UsageLedger ledger) {
        this.policy = policy;
        this.ledger = ledger;
    }

    @GetMapping("/v1/usage")
    UsageReport usage(
            @RequestHeader(name = Headers.USER_ID, required = false) String userId,
            @RequestHeader(name = Headers.USER_TIER, required = false) String tier) {
        UserIds.require(userId, Headers.USER_ID + " header");
        TierBudget budget = policy.forTier(tier);
        LocalDate today = policy.today();
        PeriodUsage usage = ledger.usage(userId, BudgetPolicy.startOf(today), BudgetPolicy.startOf(today.plusDays(1)));
        return new UsageReport(
                userId,
                budget.tier(),
                today,
                usage.costUsd(),
                budget.dailyLimitUsd(),
                budget.remaining(usage.costUsd()),
                usage.requests(),
                usage.promptTokens(),
                usage.completionTokens(),
                usage.byAgent().stream()
                        .map(agent -> new UsageReport.AgentSpend(agent.agent(), agent.requests(), agent.costUsd()))
                        .toList());
    }
}
