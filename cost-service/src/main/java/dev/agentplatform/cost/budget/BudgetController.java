package dev.agentplatform.cost.budget;

import dev.agentplatform.common.BudgetCheck;
import dev.agentplatform.cost.reservation.SpendCounters;
import dev.agentplatform.cost.reservation.Standing;
import dev.agentplatform.support.security.ServiceCaller;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers whether a user may spend now: the router's budget advice and the orchestrator's tier caps.
 * Every budget that applies counts (the user's daily and monthly ones, and the team's and API key's
 * when the caller names them): a new call may start when each has room, and the answer's amounts
 * are those of the binding one, the budget with the smallest share left. It reads each budget's
 * spend from the same Redis counters reservations draw on (one hash read each), not a sum over the
 * ledger's rows of the period: that sum grows with the traffic (300 ms for a user with a few hundred
 * thousand calls today) and was the latency tail of every caller. A missing counter is seeded from
 * the ledger; the reconciler raises counters the ledger shows more for.
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
    BudgetCheck check(
            @PathVariable String userId,
            @RequestParam(required = false) String tier,
            @RequestParam(required = false) String team,
            @RequestParam(required = false) String keyId) {
        UserIds.require(userId, "userId");
        ServiceCaller.requireUser(userId);
        if (team != null) {
            UserIds.require(team, "team");
        }
        if (keyId != null) {
            UserIds.require(keyId, "keyId");
        }
        List<Standing> standings = counters.standing(budgets.limits(userId, tier, team, keyId));
        Standing binding = binding(standings);
        return new BudgetCheck(
                userId,
                policy.forTier(tier).tier(),
                standings.stream().allMatch(BudgetController::hasRoom),
                binding.spentUsd(),
                binding.limitUsd(),
                remaining(binding),
                binding.scope(),
                binding.period());
    }

    /**
     * The standing with the smallest share left; unlimited ones never bind, and ties go to the
     * earlier one, so the user's daily budget (always the first) when none has a limit.
     */
    static Standing binding(List<Standing> standings) {
        Standing binding = standings.get(0);
        BigDecimal least = shareLeft(binding);
        for (Standing standing : standings) {
            BigDecimal share = shareLeft(standing);
            if (share != null && (least == null || share.compareTo(least) < 0)) {
                binding = standing;
                least = share;
            }
        }
        return binding;
    }

    /** What is left of a budget's settled spend as a share of its limit; {@code null} when unlimited. */
    private static BigDecimal shareLeft(Standing standing) {
        if (standing.limitUsd() == null) {
            return null;
        }
        if (standing.limitUsd().signum() <= 0) {
            return BigDecimal.ZERO;
        }
        return remaining(standing).divide(standing.limitUsd(), 9, RoundingMode.HALF_UP);
    }

    /** Whether a budget whose settled spend is what it is may take another call. */
    private static boolean hasRoom(Standing standing) {
        return standing.limitUsd() == null || standing.spentUsd().compareTo(standing.limitUsd()) < 0;
    }

    /** The limit less the settled spend (holds are not counted), never negative; {@code null} when unlimited. */
    private static BigDecimal remaining(Standing standing) {
        return standing.limitUsd() == null
                ? null
                : standing.limitUsd().subtract(standing.spentUsd()).max(BigDecimal.ZERO);
    }
}
