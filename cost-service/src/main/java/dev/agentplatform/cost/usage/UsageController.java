package dev.agentplatform.cost.usage;

import dev.agentplatform.common.Headers;
import dev.agentplatform.cost.budget.BudgetLimit;
import dev.agentplatform.cost.budget.BudgetPolicy;
import dev.agentplatform.cost.budget.Budgets;
import dev.agentplatform.cost.budget.TierBudget;
import dev.agentplatform.cost.budget.UserIds;
import dev.agentplatform.cost.ledger.PeriodUsage;
import dev.agentplatform.cost.ledger.UsageLedger;
import dev.agentplatform.cost.reservation.SpendCounters;
import dev.agentplatform.cost.reservation.Standing;
import dev.agentplatform.support.security.ServiceCaller;
import java.time.LocalDate;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's spend today and the standing of every budget that applies to it: the user's (daily,
 * and monthly when set) and, when the caller's credential names them, its API key's and that key's
 * team's. The gateway sets the user headers and the credential from the API key.
 */
@RestController
class UsageController {

    private final BudgetPolicy policy;
    private final UsageLedger ledger;
    private final Budgets budgets;
    private final SpendCounters counters;

    UsageController(BudgetPolicy policy, UsageLedger ledger, Budgets budgets, SpendCounters counters) {
        this.policy = policy;
        this.ledger = ledger;
        this.budgets = budgets;
        this.counters = counters;
    }

    @GetMapping("/v1/usage")
    UsageReport usage(
            @RequestHeader(name = Headers.USER_ID, required = false) String userId,
            @RequestHeader(name = Headers.USER_TIER, required = false) String tier) {
        UserIds.require(userId, Headers.USER_ID + " header");
        // the key and its team come only from the credential, and only when it acts for this user
        ServiceCaller caller =
                ServiceCaller.current().filter(c -> userId.equals(c.userId())).orElse(null);
        List<BudgetLimit> limits = budgets.limits(
                userId, tier, caller == null ? null : caller.team(), caller == null ? null : caller.keyId());
        // the first limit is the user's daily one; its day may begin elsewhere than UTC
        BudgetLimit daily = limits.get(0);
        TierBudget budget = new TierBudget(policy.forTier(tier).tier(), daily.limitUsd());
        LocalDate today = LocalDate.ofInstant(daily.start(), daily.zone());
        PeriodUsage usage = ledger.usage(userId, daily.start(), daily.resetsAt());
        List<Standing> scopes;
        try {
            scopes = counters.standing(limits);
        } catch (DataAccessException e) {
            // the ledger's answer still stands without the live counters
            scopes = List.of();
        }
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
                        .toList(),
                scopes);
    }
}
