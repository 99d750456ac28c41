package dev.agentplatform.cost.reservation;

import dev.agentplatform.common.BudgetReservation;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.cost.budget.BudgetLimit;
import dev.agentplatform.cost.budget.Budgets;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.redis.Scripts;
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
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Holds reservations with one Lua script and settles them with another, so that every instance of
 * every service sees one consistent count: concurrent requests cannot all pass a budget that has
 * room for one of them. The settle and release calls and the usage events made under a hold are
 * settled by the same script, so both book spend and burn rate alike.
 */
@Service
public class ReservationService {

    static final String LEASES = "cost:reservations:leases";
    private static final Duration SETTLED_MARKER = Duration.ofDays(1);
    private static final int SEED_ATTEMPTS = 3;

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RESERVE = Scripts.script("scripts/reserve.lua", List.class);

    /** Settles holds for the settle and release calls and for usage events alike. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SETTLE = Scripts.script("scripts/settle.lua", List.class);

    /** The event id that marks an entry of {@link #SETTLE} as a settle or release call. */
    private static final String CALL = "";

    /** The last value of a settle script entry that settles the hold. */
    private static final String SETTLES = "1";

    /** The last value of a settle script entry that closes a lease awaiting its events. */
    private static final String AWAITS = "await";

    private final StringRedisTemplate redis;
    private final Budgets budgets;
    private final SpendCounters counters;
    private final ReservationProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;
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
    public void settle(String id, String userId, BigDecimal costUsd) {
        Booked booked = settleCall(id, userId, Money.costUnits(costUsd), SETTLES);
        events.publishEvent(new SpendSettled(userId, booked.tier(), booked.counters(), costUsd));
    }

    /**
     * Books usage events made under holds in the holds' budget counters, all in one Redis step:
     * each event's cost once (a redelivered event is recognised), and the last event of a hold
     * gives back what is left of it. Events without a hold are left out: the reconciler raises
     * their budgets' counters to the ledger.
     *
     * @return how each event with a hold fared, in order
     */
    public List<HoldBooking> bookUsage(List<UsageRecorded> usage) {
        List<UsageRecorded> held =
                usage.stream().filter(e -> e.reservationId() != null).toList();
        if (held.isEmpty()) {
            return List.of();
        }
        List<String> entries = new ArrayList<>(5 * held.size());
        for (UsageRecorded event : held) {
            entries.add(event.reservationId());
            entries.add(event.eventId());
            entries.add(event.userId());
            entries.add(String.valueOf(Money.costUnits(event.costUsd())));
            entries.add(event.settlesHold() ? "1" : "0");
        }
        List<Booked> result = runSettle(entries);
        List<HoldBooking> bookings = new ArrayList<>(held.size());
        for (int i = 0; i < held.size(); i++) {
            UsageRecorded event = held.get(i);
            Booked booked = result.get(i);
            HoldBooking.Outcome outcome = HoldBooking.Outcome.of(booked.status());
            if (outcome == HoldBooking.Outcome.BOOKED && !booked.counters().isEmpty()) {
                events.publishEvent(new SpendSettled(
                        event.userId(),
                        booked.tier().isEmpty() ? event.tier() : booked.tier(),
                        booked.counters(),
                        event.costUsd()));
            }
            bookings.add(new HoldBooking(event, outcome));
        }
        return bookings;
    }

    /**
     * How one usage event with a hold was booked in the hold's counters.
     *
     * @param event the event
     * @param outcome what became of it
     */
    public record HoldBooking(UsageRecorded event, Outcome outcome) {

        /** What became of a usage event with a hold. */
        public enum Outcome {
            /** booked in the hold's counters now */
            BOOKED,
            /** booked before: a redelivery */
            DUPLICATE,
            /** no such hold (never made, or settled long ago): the reconciler repairs the counters */
            UNKNOWN_HOLD,
            /** the hold is another user's: nothing booked in its counters */
            FOREIGN_HOLD;

            static Outcome of(int status) {
                return switch (status) {
                    case 1 -> BOOKED;
                    case 2 -> DUPLICATE;
                    case -3 -> FOREIGN_HOLD;
                    default -> UNKNOWN_HOLD;
                };
            }
        }
    }

    /** Gives the hold back without a cost (the call failed or was cancelled). */
    public void release(String id, String userId) {
        settleCall(id, userId, 0, SETTLES);
    }

    /**
     * Closes a budget lease whose draws' usage events may still be on the stream: of what is left
     * of the hold, the part those events have not booked yet ({@code awaitingUsd}, what all the
     * lease's events cost together, less what is booked of it) stays held for them, the rest is
     * given back. Each later event takes its cost out of what stayed; the one that empties it
     * settles the hold, and the lease's expiry gives back what a lost event left. Booked in any order
     * with the events, by any consumer, it leaves the same counters: spend plus holds never exceeds
     * what the reservation checked.
     *
     * @throws PlatformException as {@link #settle} does
     */
    public void close(String id, String userId, BigDecimal awaitingUsd) {
        settleCall(id, userId, Money.holdUnits(awaitingUsd), AWAITS);
    }

    private Booked settleCall(String id, String userId, long costUnits, String mode) {
        Booked booked = runSettle(List.of(id, CALL, userId, String.valueOf(costUnits), mode))
                .get(0);
        if (booked.status() == 0) {
            throw new PlatformException(
                    HttpStatus.NOT_FOUND,
                    ProblemTypes.NOT_FOUND,
                    "Unknown reservation",
                    "There is no reservation " + id + " (it never existed or expired long ago)");
        }
        if (booked.status() == 2) {
            throw new PlatformException(
                    HttpStatus.CONFLICT,
                    ProblemTypes.CONFLICT,
                    "Reservation already settled",
                    "Reservation " + id + " was settled or released already; its cost is booked once");
        }
        if (booked.status() == -3) {
            throw new PlatformException(
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "Forbidden",
                    "Reservation " + id + " is not held for this user");
        }
        return booked;
    }

    /**
     * Runs the settle script over {@code entries} (five values each: reservation id, event id or
     * {@link #CALL}, user, cost in units, "1" when it settles the hold or {@link #AWAITS} when a
     * call closes a lease awaiting events of that total cost).
     */
    private List<Booked> runSettle(List<String> entries) {
        List<String> args = new ArrayList<>(3 + entries.size());
        args.add(String.valueOf(clock.millis()));
        args.add(String.valueOf(Math.max(1, properties.burnRateTimeConstant().toSeconds())));
        args.add(String.valueOf(SETTLED_MARKER.toSeconds()));
        args.addAll(entries);
        List<?> result = redis.execute(SETTLE, List.of(LEASES), args.toArray());
        List<Booked> booked = new ArrayList<>(result.size() / 3);
        for (int i = 0; i + 2 < result.size(); i += 3) {
            String counters = String.valueOf(result.get(i + 1));
            booked.add(new Booked(
                    ((Number) result.get(i)).intValue(),
                    counters.isEmpty() ? List.of() : List.of(counters.split("\n")),
                    String.valueOf(result.get(i + 2))));
        }
        return booked;
    }

    /** One entry of the settle script: its status, the counters it was booked in and the hold's tier. */
    private record Booked(int status, List<String> counters, String tier) {}

    /** Gives back (up to 20) holds whose lease expired. */
    void reapExpired() {
        // the reserve script reaps as it goes; with no counters it does only that
        redis.execute(RESERVE, List.of(LEASES), "", "0", String.valueOf(clock.millis()), "0", "", "");
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
