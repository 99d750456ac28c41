package dev.agentplatform.cost.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which limits apply to a request: the user's (an administrator's budget, else the tier's daily
 * one), and the team's and API key's when they have one. A request may go ahead only when every
 * one of them has room.
 */
@Component
public class Budgets {

    private final BudgetStore store;
    private final BudgetPolicy policy;
    private final Clock clock;

    Budgets(BudgetStore store, BudgetPolicy policy, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * The limits on {@code userId} (of {@code tier}) and, when given, its team and key, now. The
     * user's daily limit always comes first (unlimited ones included, so its spend is counted).
     */
    public List<BudgetLimit> limits(String userId, String tier, String team, String keyId) {
        Instant now = clock.instant();
        List<BudgetLimit> limits = new ArrayList<>(4);
        Optional<ScopeBudget> user = store.find(BudgetScope.USER, userId);
        ZoneId userZone = user.map(ScopeBudget::timezone).orElse(ZoneOffset.UTC);
        BigDecimal daily = user.map(ScopeBudget::dailyUsd)
                .orElseGet(() -> policy.forTier(tier).dailyLimitUsd());
        limits.add(limit(BudgetScope.USER, userId, BudgetPeriod.DAY, daily, userZone, now));
        user.map(ScopeBudget::monthlyUsd)
                .ifPresent(monthly ->
                        limits.add(limit(BudgetScope.USER, userId, BudgetPeriod.MONTH, monthly, userZone, now)));
        if (team != null) {
            store.find(BudgetScope.TEAM, team).ifPresent(budget -> add(limits, budget, now));
        }
        if (keyId != null) {
            store.find(BudgetScope.KEY, keyId).ifPresent(budget -> add(limits, budget, now));
        }
        return limits;
    }

    /**
     * The limits now of the one user, team or key {@code id}, as they apply to a request of theirs
     * (a user's tier unknown here: its default limit is the unknown tier's).
     */
    public List<BudgetLimit> limitsOf(BudgetScope scope, String id) {
        return switch (scope) {
            case USER ->
                limits(id, null, null, null).stream()
                        .filter(limit -> limit.scope() == BudgetScope.USER)
                        .toList();
            case TEAM, KEY -> store.find(scope, id).map(this::limits).orElse(List.of());
        };
    }

    /** The limits an administrator's budget sets, now. */
    public List<BudgetLimit> limits(ScopeBudget budget) {
        List<BudgetLimit> limits = new ArrayList<>(2);
        add(limits, budget, clock.instant());
        return limits;
    }

    private static void add(List<BudgetLimit> limits, ScopeBudget budget, Instant now) {
        if (budget.dailyUsd() != null) {
            limits.add(limit(budget.scope(), budget.id(), BudgetPeriod.DAY, budget.dailyUsd(), budget.timezone(), now));
        }
        if (budget.monthlyUsd() != null) {
            limits.add(limit(
                    budget.scope(), budget.id(), BudgetPeriod.MONTH, budget.monthlyUsd(), budget.timezone(), now));
        }
    }

    private static BudgetLimit limit(
            BudgetScope scope, String id, BudgetPeriod period, BigDecimal usd, ZoneId zone, Instant now) {
        return new BudgetLimit(
                scope, id, period, usd, zone, period.start(now, zone), period.end(now, zone), period.label(now, zone));
    }
}
