package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.orchestrator.client.BudgetRefused;
import dev.agentplatform.orchestrator.client.CostClient;
import dev.agentplatform.orchestrator.task.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * Budget leases: per caller (user, tier, team and API key: the budgets a hold is taken in), one hold
 * at cost-service larger than one request's worst case, from which the caller's requests draw their
 * worst cases here, without the reservation call each made before ({@link BudgetHolds} falls back to
 * that exact hold when no lease fits).
 *
 * <p><b>Sizing.</b> A lease holds {@code drawsPerLease} worst cases of the request that takes it, at
 * most {@code maxLeaseUsd}. When a budget has no room for that, its refusal says what it has left: a
 * lease of {@code budgetShare} of that is taken if it holds {@code minDraws} worst cases; else the
 * request holds its own worst case (refused, it goes on to the cheaper models as before), and the
 * caller's requests do so for {@code refusedPause} without asking for leases. Small and spent budgets
 * thus behave as before leases, at the price of one refused lease per pause. The share leaves the rest of a budget to the caller's other orchestrator
 * instances and to the other members of a team or key.
 *
 * <p><b>Drawing.</b> A request draws its worst case from the caller's lease; when the call ends, what
 * it did not spend is free again. Its usage events name the lease and do not settle it: cost-service
 * books each event's cost and takes it out of the hold. A request the lease cannot cover retires it
 * and takes a new one (one request at a time per caller; the others wait and then draw from it). A
 * lease is drawn from only until {@code drawMargin} before cost-service would let it expire, so that
 * no draw's event comes after the hold was given back.
 *
 * <p><b>Refilling ahead.</b> Taking that new lease is an HTTP call a request would wait for. So when a
 * draw leaves the lease with less than {@code refillBelow} of what it held (or of its time to draw),
 * the caller's next lease is taken in the background, at most one such refill in flight per caller
 * and at most once per lease, on {@code refillThreads} threads with a bounded queue. The new lease
 * replaces the old one, which is retired and closed after its last draw as above, so that two leases
 * are held together only for that while. A request the lease cannot cover while a refill is in flight
 * waits for it (at most {@code refillWait}, then it holds its own worst case) instead of asking for a
 * lease of its own; only with no refill in flight does it take one itself, as before. A refused or
 * failed refill changes nothing: the old lease is drawn from until it cannot cover a request, which
 * then takes a new lease itself (the old one given back first) or, refused, holds its own worst case
 * or gets the 402, as without refills. A lease taken ahead is a hold like any other: cost-service's
 * reservation checks it against every budget, so it cannot let spend pass one.
 *
 * <p><b>Closing.</b> A lease is closed when it is replaced, idle for {@code idleClose}, past drawing,
 * or at shutdown, always once and, except at shutdown, only after its last draw ended. The close
 * passes what all its usage events cost ({@link BudgetLease#awaited}); cost-service keeps held what
 * of that has not been booked yet, so events still on the stream (or read by another consumer after
 * the close) take their cost out of a hold and never book spend a budget has no room for. At shutdown
 * open draws count at their worst case, which stays held until their events come or the lease
 * expires. A dead orchestrator's leases expire at cost-service after {@code lease}.
 */
@Component
class BudgetLeases implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BudgetLeases.class);

    /** Cost-service as the leases need it. */
    interface Bank {

        /**
         * Holds {@code amountUsd} in the scope's budgets for {@code lease} and answers its id.
         *
         * @throws BudgetRefused when a budget has no room
         * @throws RestClientException when cost-service cannot answer
         */
        String reserve(Scope scope, BigDecimal amountUsd, Duration lease);

        /**
         * Closes lease {@code id}, whose usage events cost {@code awaitingUsd} together.
         *
         * @throws RuntimeException when cost-service cannot answer (the lease then expires)
         */
        void close(Scope scope, String id, BigDecimal awaitingUsd);
    }

    /**
     * The budgets a hold is taken in: a lease serves only requests of the same user, tier, team and key.
     */
    record Scope(String userId, String tier, String team, String keyId) {

        static Scope of(Caller caller) {
            return new Scope(caller.userId(), caller.tier(), caller.team(), caller.keyId());
        }
    }

    /** A request's draw on a lease: {@code worst} is drawn until {@link #end} says what it cost, once. */
    static final class Draw {

        private final Leased leased;
        private final BigDecimal worst;
        private final AtomicBoolean ended = new AtomicBoolean();

        Draw(Leased leased, BigDecimal worst) {
            this.leased = leased;
            this.worst = worst;
        }

        /** The lease's reservation id, which the request's usage events name. */
        String leaseId() {
            return leased.lease().id();
        }
    }

    /** A lease and the scope it was taken for. */
    record Leased(Scope scope, BudgetLease lease) {}

    /** The caller's current lease, and the lock one request at a time takes a new one under. */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        volatile Leased current;
        /** Until when (nanos) the caller's requests hold their own worst cases; {@code null}: no pause. */
        volatile Long pausedUntil;
        /** Removed from the map: a request that finds it so takes the slot anew. */
        boolean dead;
        /** The refill in flight, completed when it ended whatever its outcome; {@code null}: none. */
        final AtomicReference<CompletableFuture<Void>> refill = new AtomicReference<>();
    }

    private final Bank bank;
    private final BudgetLeaseProperties properties;
    private final LongSupplier nanos;
    private final Map<Scope, Slot> slots = new ConcurrentHashMap<>();
    private final Set<Leased> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService closer;
    private final Executor refills;
    /** Shut down: requests that still come hold their own worst cases (no lease is left behind). */
    private volatile boolean stopped;

    private final Counter taken;
    private final Counter closed;
    private final Counter drawnLocally;
    private final Counter drawnNewLease;
    private final Counter exact;
    private final Counter refillsInstalled;
    private final Counter refillsRefused;
    private final Counter refillsFailed;
    private final Counter refillsUnused;

    @Autowired
    BudgetLeases(CostClient cost, BudgetLeaseProperties properties, MeterRegistry meters) {
        this(costService(cost), properties, meters, System::nanoTime, refillPool(properties));
    }

    BudgetLeases(
            Bank bank, BudgetLeaseProperties properties, MeterRegistry meters, LongSupplier nanos, Executor refills) {
        this.bank = bank;
        this.refills = refills;
        this.properties = properties;
        this.nanos = nanos;
        this.taken = Counter.builder("orchestrator.budget.leases.taken")
                .description("Budget leases taken at cost-service")
                .register(meters);
        this.closed = Counter.builder("orchestrator.budget.leases.closed")
                .description("Budget leases closed at cost-service (the rest expire there)")
                .register(meters);
        this.drawnLocally = holds(meters, "lease");
        this.drawnNewLease = holds(meters, "new-lease");
        this.exact = holds(meters, "exact");
        this.refillsInstalled = refills(meters, "installed");
        this.refillsRefused = refills(meters, "refused");
        this.refillsFailed = refills(meters, "failed");
        this.refillsUnused = refills(meters, "unused");
        Gauge.builder("orchestrator.budget.leases.open", open, Set::size)
                .description("Budget leases held and not yet closed")
                .register(meters);
        this.closer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "budget-leases");
            thread.setDaemon(true);
            return thread;
        });
        if (properties.enabled()) {
            long every = Math.max(200, properties.idleClose().toMillis() / 2);
            closer.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private static Counter holds(MeterRegistry meters, String source) {
        return tagged(
                meters,
                "orchestrator.budget.holds",
                "Worst cases held before provider calls, by where: drawn from a lease here (lease), from a"
                        + " lease it waited for, taken by it or by the caller's refill in flight (new-lease),"
                        + " or held at cost-service alone (exact)",
                "source",
                source);
    }

    private static Counter refills(MeterRegistry meters, String outcome) {
        return tagged(
                meters,
                "orchestrator.budget.leases.refills",
                "Leases taken ahead of need, by outcome: installed as the caller's lease, refused (no lease"
                        + " fits), failed (cost-service unreachable), unused (given back: the caller took"
                        + " another meanwhile, went idle, or the orchestrator stopped)",
                "outcome",
                outcome);
    }

    private static Counter tagged(MeterRegistry meters, String name, String description, String tag, String value) {
        return Counter.builder(name).description(description).tag(tag, value).register(meters);
    }

    /** Bounded: few threads, and a queue of at most one refill per caller that has one waiting. */
    private static ExecutorService refillPool(BudgetLeaseProperties properties) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                properties.refillThreads(),
                properties.refillThreads(),
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256),
                runnable -> {
                    Thread thread = new Thread(runnable, "budget-lease-refill-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static Bank costService(CostClient cost) {
        return new Bank() {
            @Override
            public String reserve(Scope scope, BigDecimal amountUsd, Duration lease) {
                return cost.reserve(scope.userId(), scope.tier(), scope.team(), scope.keyId(), amountUsd, (int)
                                lease.toSeconds())
                        .reservationId();
            }

            @Override
            public void close(Scope scope, String id, BigDecimal awaitingUsd) {
                cost.close(scope.userId(), scope.tier(), id, awaitingUsd);
            }
        };
    }

    /**
     * Draws {@code worst} for a request of {@code caller} from the caller's lease, taking a new one
     * when it cannot cover it.
     *
     * @return the draw, or {@code null} when no lease fits: the request holds its own worst case
     * @throws RestClientException when cost-service cannot answer
     */
    Draw draw(Caller caller, BigDecimal worst) {
        if (!properties.enabled() || stopped || worst.signum() <= 0) {
            return null;
        }
        Scope scope = Scope.of(caller);
        boolean waited = false;
        while (true) {
            Slot slot = slots.computeIfAbsent(scope, s -> new Slot());
            Draw draw = tryDraw(slot, worst);
            if (draw != null) {
                return drawn(scope, slot, draw, waited ? drawnNewLease : drawnLocally);
            }
            if (paused(slot)) {
                return null;
            }
            CompletableFuture<Void> refill = slot.refill.get();
            if (refill != null) {
                // the next lease is on its way: wait for it rather than ask for another
                if (!await(refill)) {
                    return null;
                }
                waited = true;
                continue;
            }
            slot.lock.lock();
            try {
                if (slot.dead) {
                    continue;
                }
                draw = tryDraw(slot, worst);
                if (draw != null) {
                    return drawn(scope, slot, draw, waited ? drawnNewLease : drawnLocally);
                }
                if (paused(slot)) {
                    return null;
                }
                if (slot.refill.get() != null) {
                    continue;
                }
                draw = renew(scope, slot, worst);
                return draw == null ? null : drawn(scope, slot, draw, drawnNewLease);
            } finally {
                slot.lock.unlock();
            }
        }
    }

    /** Counts the draw and, when it left its lease low, starts the caller's refill. */
    private Draw drawn(Scope scope, Slot slot, Draw draw, Counter source) {
        source.increment();
        refillIfLow(scope, slot, draw.leased, draw.worst);
        return draw;
    }

    /**
     * Waits for the caller's refill in flight.
     *
     * @return {@code false} when it did not end within {@code refillWait} (or the wait was
     *     interrupted): the request holds its own worst case
     */
    private boolean await(CompletableFuture<Void> refill) {
        try {
            refill.get(properties.refillWait().toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    /**
     * Starts taking the caller's next lease in the background when {@code leased}, the lease just
     * drawn from, fell below its low-water mark; once per lease, one refill in flight per caller.
     */
    private void refillIfLow(Scope scope, Slot slot, Leased leased, BigDecimal worst) {
        if (stopped || !leased.lease().refillDue(properties.refillBelow(), nanos.getAsLong())) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!slot.refill.compareAndSet(null, done)) {
            return;
        }
        try {
            refills.execute(() -> refill(scope, slot, leased, worst, done));
        } catch (RejectedExecutionException e) {
            // all refill threads busy and the queue full, or shutting down: the request that finds the
            // lease exhausted takes the next one itself
            slot.refill.set(null);
            done.complete(null);
        }
    }

    /** On a refill thread: takes the next lease and makes it the caller's, in place of {@code from}. */
    private void refill(Scope scope, Slot slot, Leased from, BigDecimal worst, CompletableFuture<Void> done) {
        try {
            if (stopped) {
                return;
            }
            Leased next = take(scope, worst);
            if (next == null) {
                refillsRefused.increment();
                return;
            }
            install(slot, from, next);
        } catch (RuntimeException e) {
            refillsFailed.increment();
            log.debug("taking the next budget lease of user {} ahead failed: {}", scope.userId(), e.toString());
        } finally {
            // cleared before waiters wake, so that one that still finds no room takes a lease itself
            slot.refill.set(null);
            done.complete(null);
        }
    }

    /**
     * Makes {@code next} the caller's lease and retires {@code from} (closed after its last draw);
     * gives {@code next} back unused when the caller has another lease by now, is forgotten, or the
     * orchestrator is stopping.
     */
    private void install(Slot slot, Leased from, Leased next) {
        Leased old;
        slot.lock.lock();
        try {
            old = slot.current;
            boolean replacedMeanwhile =
                    old != null && old != from && !old.lease().retired();
            if (slot.dead || stopped || replacedMeanwhile) {
                refillsUnused.increment();
                if (next.lease().retire()) {
                    close(next);
                }
                return;
            }
            slot.current = next;
            slot.pausedUntil = null;
            refillsInstalled.increment();
        } finally {
            slot.lock.unlock();
        }
        if (old != null && old.lease().retire()) {
            close(old);
        }
    }

    /** Under the slot's lock: retires the caller's lease and draws from a new one, if one fits. */
    private Draw renew(Scope scope, Slot slot, BigDecimal worst) {
        Leased old = slot.current;
        if (old != null) {
            slot.current = null;
            if (old.lease().retire()) {
                // closed before the new one is asked for, so that what it has left is free for it
                close(old);
            }
        }
        Leased leased;
        try {
            leased = take(scope, worst);
        } catch (RuntimeException e) {
            // cost-service unreachable or refusing leases: the caller's requests hold their own a while
            slot.pausedUntil = nanos.getAsLong() + properties.refusedPause().toNanos();
            throw e;
        }
        if (leased == null) {
            slot.pausedUntil = nanos.getAsLong() + properties.refusedPause().toNanos();
            return null;
        }
        slot.pausedUntil = null;
        slot.current = leased;
        if (!leased.lease().draw(worst, nanos.getAsLong())) {
            // a lease shorter than its draw margin: nothing can draw from it
            slot.current = null;
            if (leased.lease().retire()) {
                close(leased);
            }
            return null;
        }
        return new Draw(leased, worst);
    }

    private Draw tryDraw(Slot slot, BigDecimal worst) {
        Leased current = slot.current;
        if (current != null && current.lease().draw(worst, nanos.getAsLong())) {
            return new Draw(current, worst);
        }
        return null;
    }

    private boolean paused(Slot slot) {
        Long until = slot.pausedUntil;
        return until != null && nanos.getAsLong() - until < 0;
    }

    /**
     * A new lease for {@code worst}, sized as the class says, or {@code null} when none worth having
     * fits.
     */
    private Leased take(Scope scope, BigDecimal worst) {
        BigDecimal least = worst.multiply(BigDecimal.valueOf(properties.minDraws()));
        BigDecimal amount =
                worst.multiply(BigDecimal.valueOf(properties.drawsPerLease())).min(properties.maxLeaseUsd());
        if (amount.compareTo(least) < 0) {
            return null;
        }
        try {
            return reserve(scope, amount);
        } catch (BudgetRefused refused) {
            BigDecimal left = BudgetHolds.left(refused);
            if (left == null) {
                return null;
            }
            BigDecimal share = left.multiply(BigDecimal.valueOf(properties.budgetShare()))
                    .setScale(8, RoundingMode.FLOOR)
                    .min(amount);
            if (share.compareTo(least) < 0) {
                return null;
            }
            try {
                return reserve(scope, share);
            } catch (BudgetRefused again) {
                // another of the caller's budgets has less room: the request holds its own
                return null;
            }
        }
    }

    private Leased reserve(Scope scope, BigDecimal amount) {
        long asked = nanos.getAsLong();
        String id = bank.reserve(scope, amount, properties.lease());
        taken.increment();
        // counted from before the call: cost-service's expiry is later still
        long drawUntil =
                asked + properties.lease().minus(properties.drawMargin()).toNanos();
        Leased leased = new Leased(scope, new BudgetLease(id, amount, asked, drawUntil));
        open.add(leased);
        if (stopped && leased.lease().closeNow()) {
            // taken while the orchestrator stopped: given back here, whoever closed the others
            close(leased);
        }
        return leased;
    }

    /**
     * Ends {@code draw}: its usage events cost {@code actualUsd} together. The last draw of a retired
     * lease closes it, off the request's thread.
     */
    void end(Draw draw, BigDecimal actualUsd) {
        if (!draw.ended.compareAndSet(false, true)) {
            // ended already: a second end would free its worst case twice
            return;
        }
        BudgetLease lease = draw.leased.lease();
        if (lease.end(draw.worst, actualUsd == null ? BigDecimal.ZERO : actualUsd, nanos.getAsLong())) {
            try {
                closer.execute(() -> close(draw.leased));
            } catch (RejectedExecutionException e) {
                // shutting down: closed here
                close(draw.leased);
            }
        }
    }

    /** Counts a worst case held at cost-service alone, for the holds metric. */
    void heldExactly() {
        exact.increment();
    }

    /**
     * Retires leases idle for {@code idleClose} or past drawing and closes those with no open draw
     * (the others close with their last draw); forgets callers with no lease.
     */
    void sweep() {
        long now = nanos.getAsLong();
        long idle = properties.idleClose().toNanos();
        for (Leased leased : open) {
            if (leased.lease().retireIfIdle(now, idle)) {
                close(leased);
            }
        }
        slots.forEach((scope, slot) -> {
            Leased current = slot.current;
            if ((current == null || current.lease().retired()) && !paused(slot) && slot.lock.tryLock()) {
                try {
                    if (slot.current == null || slot.current.lease().retired()) {
                        slot.dead = true;
                        slots.remove(scope, slot);
                    }
                } finally {
                    slot.lock.unlock();
                }
            }
        });
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("sweeping budget leases failed: {}", e.toString());
        }
    }

    private void close(Leased leased) {
        open.remove(leased);
        BudgetLease lease = leased.lease();
        BigDecimal awaited = lease.awaited();
        try {
            bank.close(leased.scope(), lease.id(), awaited.max(BigDecimal.ZERO));
            closed.increment();
        } catch (RuntimeException e) {
            log.warn(
                    "closing budget lease {} of user {} failed; cost-service gives it back when it expires: {}",
                    lease.id(),
                    leased.scope().userId(),
                    e.toString());
        }
    }

    /** Leases held and not yet closed. */
    int openLeases() {
        return open.size();
    }

    /**
     * Closes every lease: those with open draws keep those draws' worst cases held at cost-service
     * until their events come or the lease expires.
     */
    @Override
    public void destroy() {
        stopped = true;
        if (refills instanceof ExecutorService pool) {
            // refills in flight end before the leases are closed; one that ends later closes its own
            pool.shutdown();
            try {
                pool.awaitTermination(properties.refillWait().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closer.shutdown();
        for (Leased leased : open) {
            if (leased.lease().closeNow()) {
                close(leased);
            }
        }
        try {
            closer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
