package dev.agentplatform.cost.reservation;

import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.cost.budget.BudgetLimit;
import dev.agentplatform.cost.budget.BudgetScope;
import dev.agentplatform.cost.budget.Budgets;
import dev.agentplatform.cost.ledger.UsageLedger;
import dev.agentplatform.support.redis.Scripts;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The Redis counters of spend and holds per budget and period, and their repair from the ledger.
 * A counter that Redis lost (a flush, a restart without persistence) is seeded with what the
 * ledger booked in the period for its user, team or key; it is raised, never lowered, when the
 * ledger later shows more.
 */
@Component
public class SpendCounters {

    /** Counters outlive their period by this much, for the reports of the period just ended. */
    private static final Duration KEEP_AFTER_RESET = Duration.ofDays(2);

    private static final RedisScript<Long> RAISE = Scripts.script("scripts/raise-spent.lua", Long.class);
    private static final RedisScript<Long> ADD = Scripts.script("scripts/add-spent.lua", Long.class);

    private final StringRedisTemplate redis;
    private final UsageLedger ledger;
    private final Budgets budgets;
    private final Clock clock;
    private final double tauSeconds;

    SpendCounters(
            StringRedisTemplate redis,
            UsageLedger ledger,
            Budgets budgets,
            Clock clock,
            ReservationProperties properties) {
        this.redis = redis;
        this.ledger = ledger;
        this.budgets = budgets;
        this.clock = clock;
        this.tauSeconds = Math.max(1, properties.burnRateTimeConstant().toSeconds());
    }

    /** Creates the counter of {@code limit} from the ledger if it is missing, or raises it to the ledger. */
    public boolean seed(BudgetLimit limit) {
        BigDecimal booked = ledger.spent(column(limit.scope()), limit.id(), limit.start(), limit.resetsAt());
        Long changed = redis.execute(
                RAISE,
                List.of(limit.counterKey()),
                String.valueOf(Money.costUnits(booked)),
                String.valueOf(limit.resetsAt().plus(KEEP_AFTER_RESET).getEpochSecond()));
        return changed != null && changed == 1;
    }

    /**
     * Books spend made without a budget hold (newly in the ledger) in the existing counters of the
     * periods it falls in, so that what the counters say follows the ledger at once rather than at
     * the reconciler's next pass. Spend under a hold is booked by the settle script instead. A
     * counter seeded from the ledger between the ledger's insert and this step counts the spend
     * twice until its period ends: the budget errs towards refusing, never towards overspending.
     */
    public void addUnheld(List<UsageRecorded> events) {
        List<String> keys = new ArrayList<>();
        List<String> costs = new ArrayList<>();
        for (UsageRecorded event : events) {
            if (event.reservationId() != null || event.costUsd().signum() <= 0) {
                continue;
            }
            Instant at = event.occurredAt();
            for (BudgetLimit limit : budgets.limits(event.userId(), event.tier(), event.team(), event.keyId())) {
                if (!at.isBefore(limit.start()) && at.isBefore(limit.resetsAt())) {
                    keys.add(limit.counterKey());
                    costs.add(String.valueOf(Money.costUnits(event.costUsd())));
                }
            }
        }
        if (!keys.isEmpty()) {
            redis.execute(ADD, keys, costs.toArray());
        }
    }

    private static UsageLedger.Column column(BudgetScope scope) {
        return switch (scope) {
            case USER -> UsageLedger.Column.USER;
            case TEAM -> UsageLedger.Column.TEAM;
            case KEY -> UsageLedger.Column.KEY;
        };
    }

    /** Where each of {@code limits} stands now; a missing counter is seeded from the ledger first. */
    public List<Standing> standing(List<BudgetLimit> limits) {
        List<Standing> result = new ArrayList<>(limits.size());
        Instant now = clock.instant();
        for (BudgetLimit limit : limits) {
            List<Object> fields =
                    redis.opsForHash().multiGet(limit.counterKey(), List.of("spent", "reserved", "rate", "rateAt"));
            if (fields.get(0) == null) {
                seed(limit);
                fields =
                        redis.opsForHash().multiGet(limit.counterKey(), List.of("spent", "reserved", "rate", "rateAt"));
            }
            long spent = parseLong(fields.get(0));
            long reserved = Math.max(0, parseLong(fields.get(1)));
            double rate = parseDouble(fields.get(2));
            long rateAt = fields.get(3) == null ? now.toEpochMilli() : parseLong(fields.get(3));
            result.add(standing(limit, spent, reserved, rate, rateAt, now));
        }
        return result;
    }

    /** The standing of {@code limit} from its counter's fields. */
    Standing standing(BudgetLimit limit, long spent, long reserved, double rate, long rateAtMillis, Instant now) {
        double decayed = rate * Math.exp(-Math.max(0, now.toEpochMilli() - rateAtMillis) / 1000.0 / tauSeconds);
        double secondsLeft = Math.max(0, Duration.between(now, limit.resetsAt()).toMillis() / 1000.0);
        // the recent burn rate (spend weighted by exp(-age / tau), per second) held until the reset
        double projected = decayed * secondsLeft;
        BigDecimal spentUsd = Money.usd(spent);
        BigDecimal reservedUsd = Money.usd(reserved);
        BigDecimal limitUsd = limit.limitUsd();
        return new Standing(
                limit.scope().id(),
                limit.id(),
                limit.period().id(),
                limitUsd,
                spentUsd,
                reservedUsd,
                limitUsd == null
                        ? null
                        : limitUsd.subtract(spentUsd).subtract(reservedUsd).max(BigDecimal.ZERO),
                spentUsd.add(reservedUsd).add(Money.usd(projected)),
                limit.resetsAt());
    }

    private static long parseLong(Object value) {
        return value == null ? 0 : (long) Double.parseDouble(value.toString());
    }

    private static double parseDouble(Object value) {
        return value == null ? 0 : Double.parseDouble(value.toString());
    }
}
