package dev.agentplatform.cost.reservation;

import dev.agentplatform.common.BudgetReservation;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.cost.budget.BudgetLimit;
import dev.agentplatform.cost.budget.Budgets;
import dev.agentplatform.support.PlatformException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Holds, settles and releases reservations with one Lua script each, so that every instance of
 * every service sees one consistent count: concurrent requests cannot all pass a budget that has
 * room for one of them.
 */
@Service
public class ReservationService {

    static final String LEASES = "cost:reservations:leases";
    private static final Duration SETTLED_MARKER = Duration.ofDays(1);
    private static final int SEED_ATTEMPTS = 3;

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RESERVE =
            RedisScript.of(new ClassPathResource("scripts/reserve.lua"), List.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SETTLE =
            RedisScript.of(new ClassPathResource("scripts/settle.lua"), List.class);

    private final StringRedisTemplate redis;
    private final Budgets budgets;
    private final SpendCounters counters;
    private final ReservationProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final Counter refused;

    ReservationService(
            StringRedisTemplate redis,
            Budgets budgets,
            SpendCounters counters,
            ReservationProperties properties,
            Clock clock,
            ApplicationEventPublisher events,
            MeterRegistry meters) {
        this.redis = redis;
        this.budgets = budgets;
        this.counters = counters;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
        this.meters = meters;
        this.refused = Counter.builder("cost.reservations.refused")
                .description("Reservations refused because a budget had no room")
                .register(meters);
    }

    /**
     * Holds {@code amountUsd} in every budget of the user (and team and key, when given).
     *
     * @throws PlatformException 402 naming the first budget without room and when it resets
     */
    public BudgetReservation reserve(
            String userId, String tier, String team, String keyId, BigDecimal amountUsd, Duration lease) {
        List<BudgetLimit> limits = budgets.limits(userId, tier, team, keyId);
        List<String> keys = new ArrayList<>(limits.size() + 1);
        limits.forEach(limit -> keys.add(limit.counterKey()));
        keys.add(LEASES);
        String id = UUID.randomUUID().toString();
        long amount = Money.holdUnits(amountUsd);
        for (int attempt = 0; attempt < SEED_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            List<String> args = new ArrayList<>(6 + limits.size());
            args.add(id);
            args.add(String.valueOf(amount));
            args.add(String.valueOf(now.toEpochMilli()));
            args.add(String.valueOf(lease.toMillis()));
            args.add(userId);
            args.add(tier == null ? "" : tier);
            limits.forEach(limit ->
                    args.add(limit.limitUsd() == null ? "-1" : String.valueOf(Money.costUnits(limit.limitUsd()))));
            List<?> result = redis.execute(RESERVE, keys, args.toArray());
            long outcome = ((Number) result.get(0)).longValue();
            int index = ((Number) result.get(1)).intValue() - 1;
            if (outcome == 1) {
                return new BudgetReservation(id, Money.usd(amount), now.plus(lease));
            }
            if (outcome == 0) {
                refused.increment();
                throw exhausted(limits.get(index), amountUsd);
            }
            counters.seed(limits.get(index));
        }
        throw new PlatformException(
                HttpStatus.SERVICE_UNAVAILABLE,
                ProblemTypes.UNAVAILABLE,
                "Budget counters unavailable",
                "The budget counters could not be set up; try again");
    }

    private PlatformException exhausted(BudgetLimit limit, BigDecimal amountUsd) {
        Standing standing = counters.standing(List.of(limit)).get(0);
        long retryAfter =
                Math.max(1, Duration.between(clock.instant(), limit.resetsAt()).toSeconds());
        String detail = "The " + (limit.period().id().equals("day") ? "daily" : "monthly") + " budget of "
                + limit.scope().id() + " " + limit.id() + " has no room for this request ($" + amountUsd.toPlainString()
                + " at most); it resets at " + limit.resetsAt();
        return new PlatformException(
                        HttpStatus.PAYMENT_REQUIRED, ProblemTypes.BUDGET_EXHAUSTED, "Budget exhausted", detail)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter))
                .property("scope", limit.scope().id())
                .property("scopeId", limit.id())
                .property("period", limit.period().id())
                .property("limitUsd", limit.limitUsd())
                .property("spentUsd", standing.spentUsd())
                .property("reservedUsd", standing.reservedUsd())
                .property("requestedUsd", amountUsd)
                .property("resetsAt", limit.resetsAt().toString());
    }

    /**
     * Replaces the hold with the call's actual cost, once.
     *
     * @throws PlatformException 404 for an unknown reservation, 409 for one already settled or
     *     released, 403 for one held for another user
     */
    public void settle(String id, String userId, BigDecimal costUsd, String agent, String provider) {
        List<?> result = run(id, userId, Money.costUnits(costUsd));
        String tier = String.valueOf(result.get(1));
        if (costUsd.signum() > 0) {
            meters.counter(
                            "platform.spend.usd",
                            "agent",
                            label(agent),
                            "provider",
                            label(provider),
                            "tier",
                            label(tier))
                    .increment(costUsd.doubleValue());
        }
        String[] keys = String.valueOf(result.get(2)).split("\n");
        events.publishEvent(new SpendSettled(userId, tier, List.of(keys), costUsd));
    }

    /** Gives the hold back without a cost (the call failed or was cancelled). */
    public void release(String id, String userId) {
        run(id, userId, -1);
    }

    private List<?> run(String id, String userId, long costUnits) {
        List<?> result = redis.execute(
                SETTLE,
                List.of("cost:reservation:" + id, LEASES, "cost:reservation:" + id + ":settled"),
                id,
                String.valueOf(costUnits),
                userId,
                String.valueOf(clock.millis()),
                String.valueOf(Math.max(1, properties.burnRateTimeConstant().toSeconds())),
                String.valueOf(SETTLED_MARKER.toSeconds()));
        long outcome = ((Number) result.get(0)).longValue();
        if (outcome == 0) {
            throw new PlatformException(
                    HttpStatus.NOT_FOUND,
                    ProblemTypes.NOT_FOUND,
                    "Unknown reservation",
                    "There is no reservation " + id + " (it never existed or expired long ago)");
        }
        if (outcome == -2) {
            throw new PlatformException(
                    HttpStatus.CONFLICT,
                    ProblemTypes.CONFLICT,
                    "Reservation already settled",
                    "Reservation " + id + " was settled or released already; its cost is booked once");
        }
        if (outcome == -3) {
            throw new PlatformException(
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "Forbidden",
                    "Reservation " + id + " is not held for this user");
        }
        return result;
    }

    /** Gives back (up to 20) holds whose lease expired. */
    void reapExpired() {
        // the reserve script reaps as it goes; with no counters it does only that
        redis.execute(RESERVE, List.of(LEASES), "", "0", String.valueOf(clock.millis()), "0", "", "");
    }

    private static String label(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }

    /**
     * A settled cost, for the alerts.
     *
     * @param userId who paid
     * @param tier the user's tier when it reserved
     * @param counters the counters it was booked in
     * @param costUsd what it cost
     */
    public record SpendSettled(String userId, String tier, List<String> counters, BigDecimal costUsd) {}
}
