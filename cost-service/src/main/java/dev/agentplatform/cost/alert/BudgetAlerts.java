package dev.agentplatform.cost.alert;

import dev.agentplatform.cost.budget.BudgetLimit;
import dev.agentplatform.cost.budget.BudgetScope;
import dev.agentplatform.cost.budget.BudgetStore;
import dev.agentplatform.cost.budget.Budgets;
import dev.agentplatform.cost.reservation.ReservationService.SpendSettled;
import dev.agentplatform.cost.reservation.SpendCounters;
import dev.agentplatform.cost.reservation.Standing;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Raises budget alerts after each settled cost: the thresholds the budget's spend crossed and a
 * forecast that runs out before the reset, each at most once per budget and period (a Redis
 * {@code SET NX} shared by every instance decides who raises it).
 */
@Component
class BudgetAlerts {

    private static final Logger log = LoggerFactory.getLogger(BudgetAlerts.class);
    private static final String PREFIX = "cost:budget:";

    private final Budgets budgets;
    private final BudgetStore store;
    private final SpendCounters counters;
    private final StringRedisTemplate redis;
    private final AlertProperties properties;
    private final WebhookSender webhook;
    private final MeterRegistry meters;
    private final Clock clock;

    BudgetAlerts(
            Budgets budgets,
            BudgetStore store,
            SpendCounters counters,
            StringRedisTemplate redis,
            AlertProperties properties,
            WebhookSender webhook,
            MeterRegistry meters,
            Clock clock) {
        this.budgets = budgets;
        this.store = store;
        this.counters = counters;
        this.redis = redis;
        this.properties = properties;
        this.webhook = webhook;
        this.meters = meters;
        this.clock = clock;
    }

    @EventListener
    void settled(SpendSettled settled) {
        if (settled.costUsd().signum() <= 0) {
            return;
        }
        try {
            for (String counter : settled.counters()) {
                limit(counter, settled.tier())
                        .filter(limit ->
                                limit.limitUsd() != null && limit.limitUsd().signum() > 0)
                        .ifPresent(this::check);
            }
        } catch (RuntimeException e) {
            // an alert must never fail the settlement it follows
            log.warn("budget alerts after a settlement failed: {}", e.toString());
        }
    }

    /** The limit whose counter is {@code counter} ({@code cost:budget:<scope>:<id>:<period>}). */
    private Optional<BudgetLimit> limit(String counter, String tier) {
        if (!counter.startsWith(PREFIX) || counter.lastIndexOf(':') <= PREFIX.length()) {
            return Optional.empty();
        }
        String rest = counter.substring(PREFIX.length(), counter.lastIndexOf(':'));
        int colon = rest.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String scope = rest.substring(0, colon);
        String id = rest.substring(colon + 1);
        List<BudgetLimit> limits = new ArrayList<>();
        if (BudgetScope.USER.id().equals(scope)) {
            limits.addAll(budgets.limits(id, tier, null, null));
        } else if (BudgetScope.TEAM.id().equals(scope)) {
            store.find(BudgetScope.TEAM, id).ifPresent(b -> limits.addAll(budgets.limits(b)));
        } else if (BudgetScope.KEY.id().equals(scope)) {
            store.find(BudgetScope.KEY, id).ifPresent(b -> limits.addAll(budgets.limits(b)));
        }
        return limits.stream().filter(l -> l.counterKey().equals(counter)).findFirst();
    }

    private void check(BudgetLimit limit) {
        Standing standing = counters.standing(List.of(limit)).get(0);
        BigDecimal limitUsd = limit.limitUsd();
        for (int threshold : properties.thresholds()) {
            BigDecimal line = limitUsd.multiply(BigDecimal.valueOf(threshold)).movePointLeft(2);
            if (standing.spentUsd().compareTo(line) >= 0) {
                raise(limit, standing, "threshold", threshold);
            }
        }
        if (properties.forecast()
                && standing.forecastExhausts()
                && standing.spentUsd().compareTo(limitUsd) < 0) {
            raise(limit, standing, "forecast", null);
        }
    }

    private void raise(BudgetLimit limit, Standing standing, String kind, Integer threshold) {
        String alertId = limit.counterKey() + ":" + kind + (threshold == null ? "" : ":" + threshold);
        Duration keep = Duration.between(clock.instant(), limit.resetsAt()).plusDays(1);
        Boolean first = redis.opsForValue().setIfAbsent("cost:alert:" + alertId.substring(PREFIX.length()), "1", keep);
        if (!Boolean.TRUE.equals(first)) {
            return;
        }
        meters.counter(
                        "cost.budget.alerts",
                        "scope",
                        limit.scope().id(),
                        "kind",
                        kind,
                        "threshold",
                        threshold == null ? "forecast" : String.valueOf(threshold))
                .increment();
        log.info(
                "budget alert {}: {} {} at ${} of ${}",
                alertId,
                limit.scope().id(),
                limit.id(),
                standing.spentUsd().toPlainString(),
                limit.limitUsd().toPlainString());
        webhook.send(new BudgetAlert(
                alertId,
                kind,
                limit.scope().id(),
                limit.id(),
                limit.period().id(),
                threshold,
                limit.limitUsd(),
                standing.spentUsd(),
                standing.forecastUsd(),
                limit.resetsAt(),
                clock.instant()));
    }
}
