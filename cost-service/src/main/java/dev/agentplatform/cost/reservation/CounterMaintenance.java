package dev.agentplatform.cost.reservation;

import dev.agentplatform.cost.budget.BudgetLimit;
import dev.agentplatform.cost.budget.BudgetScope;
import dev.agentplatform.cost.budget.Budgets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the counters honest in the background: gives back holds whose lease expired when no
 * reservation comes in to do it, and compares every user's, team's and key's counters of this
 * period with the ledger, raising those the ledger shows more for (a Redis that lost writes, a
 * settle that never came).
 */
@Component
class CounterMaintenance implements org.springframework.context.SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CounterMaintenance.class);
    private static final String PREFIX = "cost:budget:";

    private final ReservationService reservations;
    private final SpendCounters counters;
    private final Budgets budgets;
    private final StringRedisTemplate redis;
    private final ReservationProperties properties;
    private ScheduledExecutorService timer;

    CounterMaintenance(
            ReservationService reservations,
            SpendCounters counters,
            Budgets budgets,
            StringRedisTemplate redis,
            ReservationProperties properties) {
        this.reservations = reservations;
        this.counters = counters;
        this.budgets = budgets;
        this.redis = redis;
        this.properties = properties;
    }

    /**
     * Raises every user, team and key counter of the current periods to the ledger; returns how
     * many changed.
     */
    int reconcile() {
        int changed = 0;
        ScanOptions options =
                ScanOptions.scanOptions().match(PREFIX + "*").count(500).build();
        List<String> keys;
        try (var cursor = redis.scan(options)) {
            keys = cursor.stream().toList();
        }
        for (String key : keys) {
            // cost:budget:<scope>:<id>:<period label>; an id may itself hold ':'
            int scopeEnd = key.indexOf(':', PREFIX.length());
            int idEnd = key.lastIndexOf(':');
            if (scopeEnd < 0 || idEnd <= scopeEnd) {
                continue;
            }
            BudgetScope scope = scope(key.substring(PREFIX.length(), scopeEnd));
            if (scope == null) {
                continue;
            }
            for (BudgetLimit limit : budgets.limitsOf(scope, key.substring(scopeEnd + 1, idEnd))) {
                if (limit.counterKey().equals(key) && counters.seed(limit)) {
                    changed++;
                }
            }
        }
        return changed;
    }

    private static BudgetScope scope(String id) {
        for (BudgetScope scope : BudgetScope.values()) {
            if (scope.id().equals(id)) {
                return scope;
            }
        }
        return null;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cost-counters");
            thread.setDaemon(true);
            return thread;
        });
        schedule(properties.reapInterval(), reservations::reapExpired);
        schedule(properties.reconcileInterval(), () -> {
            int changed = reconcile();
            if (changed > 0) {
                log.info("raised {} budget counters to the ledger", changed);
            }
        });
    }

    private void schedule(Duration every, Runnable task) {
        if (every.isZero() || every.isNegative()) {
            return;
        }
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.warn("budget counter maintenance failed, trying again later: {}", e.toString());
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
