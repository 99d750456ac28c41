package dev.agentplatform.orchestrator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.orchestrator.client.BudgetRefused;
import dev.agentplatform.orchestrator.task.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.ResourceAccessException;

/**
 * The lease pool against a cost-service kept in memory that books holds, usage events and closes as
 * cost-service's scripts do (reserve.lua, settle.lua), and checks after every step that spend plus
 * holds stays within the budget.
 */
class BudgetLeasesTest {

    private static final BigDecimal WORST = new BigDecimal("0.01");
    private static final Caller ALICE = new Caller("alice", "pro", "r-1", null, null, false);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private BudgetLeases leases;

    @AfterEach
    void closeLeases() {
        if (leases != null) {
            leases.destroy();
        }
    }

    /** Refills run when the test says. */
    private final QueuedRefills refills = new QueuedRefills();

    /** Leases without refills: a request that finds its lease exhausted takes the next one. */
    private BudgetLeases leases(CostService cost) {
        return leases(cost, 0.0, refills);
    }

    private BudgetLeases leases(BudgetLeases.Bank cost, double refillBelow, Executor executor) {
        leases = new BudgetLeases(cost, properties(refillBelow), meters, clock::get, executor);
        return leases;
    }

    private static BudgetLeaseProperties properties(double refillBelow) {
        return new BudgetLeaseProperties(
                true,
                20,
                new BigDecimal("0.50"),
                2,
                0.5,
                Duration.ofMinutes(10),
                Duration.ofMinutes(2),
                Duration.ofSeconds(15),
                Duration.ofSeconds(5),
                refillBelow,
                2,
                Duration.ofSeconds(5));
    }

    @Test
    void requestsDrawFromOneLeaseOfTwentyWorstCasesWithOneReservation() {
        CostService cost = new CostService("10");
        BudgetLeases pool = leases(cost);

        List<BudgetLeases.Draw> draws = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            draws.add(pool.draw(ALICE, WORST));
        }

        assertThat(cost.reserved()).containsExactly(new BigDecimal("0.20"));
        assertThat(draws).extracting(BudgetLeases.Draw::leaseId).containsOnly("hold-1");
        assertThat(meters.counter("orchestrator.budget.holds", "source", "lease")
                        .count())
                .isEqualTo(19);
        assertThat(meters.counter("orchestrator.budget.holds", "source", "new-lease")
                        .count())
                .isEqualTo(1);
        // each ended draw frees what it did not spend: ten more fit once these cost half their worst case
        draws.forEach(draw -> pool.end(draw, new BigDecimal("0.005")));
        for (int i = 0; i < 10; i++) {
            assertThat(pool.draw(ALICE, WORST).leaseId()).isEqualTo("hold-1");
        }
        assertThat(pool.draw(ALICE, WORST).leaseId()).isEqualTo("hold-2");
        assertThat(cost.reserved()).hasSize(2);
    }

    @Test
    void aDrawEndedTwiceFreesItsWorstCaseOnce() {
        CostService cost = new CostService("10");
        BudgetLeases pool = leases(cost);
        List<BudgetLeases.Draw> draws = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            draws.add(pool.draw(ALICE, WORST));
        }

        pool.end(draws.get(0), BigDecimal.ZERO);
        pool.end(draws.get(0), BigDecimal.ZERO);

        assertThat(pool.draw(ALICE, WORST).leaseId()).isEqualTo("hold-1");
        assertThat(pool.draw(ALICE, WORST).leaseId()).isEqualTo("hold-2");
    }

    @Test
    void callersOfOtherBudgetsDrawFromLeasesOfTheirOwn() {
        CostService cost = new CostService("10");
        BudgetLeases pool = leases(cost);

        String alice = pool.draw(ALICE, WORST).leaseId();
        String bobs = pool.draw(new Caller("bob", "pro", "r-2", null, null, false), WORST)
                .leaseId();
        String alicesKey = pool.draw(new Caller("alice", "pro", "r-3", "key-1", null, false), WORST)
                .leaseId();

        assertThat(List.of(alice, bobs, alicesKey)).doesNotHaveDuplicates();
    }

    @Test
    void aFullLeaseIsReplacedAndClosedOnlyAfterItsLastDrawEndedKeepingWhatItsEventsCost() {
        CostService cost = new CostService("10");
        BudgetLeases pool = leases(cost);
        List<BudgetLeases.Draw> first = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            first.add(pool.draw(ALICE, WORST));
        }

        BudgetLeases.Draw next = pool.draw(ALICE, WORST);

        assertThat(next.leaseId()).isEqualTo("hold-2");
        assertThat(cost.closes()).isEmpty();
        for (int i = 0; i < 19; i++) {
            pool.end(first.get(i), new BigDecimal("0.004"));
        }
        assertThat(cost.closes()).isEmpty();
        pool.end(first.get(19), new BigDecimal("0.002"));
        awaitCloses(cost, 1);
        assertThat(cost.closes()).containsExactly(new Close("hold-1", new BigDecimal("0.078")));
    }

    @Test
    void aBudgetWithoutRoomForAFullLeaseLeasesAShareOfWhatIsLeft() {
        CostService cost = new CostService("0.10");
        BudgetLeases pool = leases(cost);

        assertThat(pool.draw(ALICE, WORST)).isNotNull();

        // 0.20 refused; half of the 0.10 left
        assertThat(cost.reserved()).containsExactly(new BigDecimal("0.05000000"));
    }

    @Test
    void aBudgetTooSmallForALeaseOfTwoWorstCasesHoldsEachRequestExactlyAndStopsAskingAWhile() {
        CostService cost = new CostService("0.03");
        BudgetLeases pool = leases(cost);

        assertThat(pool.draw(ALICE, WORST)).isNull();
        int asked = cost.refusals();
        assertThat(pool.draw(ALICE, WORST)).isNull();

        assertThat(cost.refusals()).isEqualTo(asked);
        assertThat(cost.reserved()).isEmpty();
        clock.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(pool.draw(ALICE, WORST)).isNull();
        assertThat(cost.refusals()).isGreaterThan(asked);
    }

    @Test
    void aSpentBudgetLeavesTheRefusalToTheRequestsOwnHold() {
        CostService cost = new CostService("0.005");
        BudgetLeases pool = leases(cost);

        assertThat(pool.draw(ALICE, WORST)).isNull();
        assertThat(pool.draw(ALICE, WORST)).isNull();

        assertThat(cost.refusals()).isEqualTo(1);
    }

    @Test
    void anUnreachableCostServiceIsAskedForALeaseOncePerPause() {
        AtomicInteger asked = new AtomicInteger();
        leases = new BudgetLeases(
                new BudgetLeases.Bank() {
                    @Override
                    public String reserve(BudgetLeases.Scope scope, BigDecimal amountUsd, Duration lease) {
                        asked.incrementAndGet();
                        throw new ResourceAccessException("connection refused");
                    }

                    @Override
                    public void close(BudgetLeases.Scope scope, String id, BigDecimal awaitingUsd) {}
                },
                properties(0.0),
                meters,
                clock::get,
                refills);

        assertThatThrownBy(() -> leases.draw(ALICE, WORST)).isInstanceOf(ResourceAccessException.class);
        // the request after it holds its own (and BudgetHolds decides about the outage as before)
        assertThat(leases.draw(ALICE, WORST)).isNull();
        assertThat(asked).hasValue(1);
    }

    @Test
    void anIdleLeaseIsClosedAndTheNextRequestTakesANewOne() {
        CostService cost = new CostService("10");
        BudgetLeases pool = leases(cost);
        pool.end(pool.draw(ALICE, WORST), new BigDecimal("0.003"));

        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        pool.sweep();
        assertThat(cost.closes()).isEmpty();
        clock.addAndGet(Duration.ofSeconds(6).toNanos());
        pool.sweep();

        assertThat(cost.closes()).containsExactly(new Close("hold-1", new BigDecimal("0.003")));
        assertThat(pool.openLeases()).isZero();
        assertThat(pool.draw(ALICE, WORST).leaseId()).isEqualTo("hold-2");
    }

    @Test
    void noDrawBeginsWithinTheMarginBeforeTheLeaseExpires() {
        CostService cost = new CostService("10");
        BudgetLeases pool = leases(cost);
        BudgetLeases.Draw early = pool.draw(ALICE, WORST);

        // 10 min lease, 2 min margin: drawn from for 8 minutes
        clock.addAndGet(Duration.ofMinutes(8).minusSeconds(1).toNanos());
        assertThat(pool.draw(ALICE, WORST).leaseId()).isEqualTo("hold-1");
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        BudgetLeases.Draw late = pool.draw(ALICE, WORST);

        assertThat(late.leaseId()).isEqualTo("hold-2");
        pool.sweep();
        // still drawn by two requests: closed when they end
        assertThat(cost.closes()).isEmpty();
        pool.end(early, WORST);
        assertThat(cost.closes()).isEmpty();
    }

    @Test
    void theNextLeaseIsTakenAheadOnceTheLeaseFallsBelowItsLowWaterMarkAndReplacesIt() {
        CostService cost = new CostService("10");
        BudgetLeases pool = leases(cost, 0.25, refills);
        List<BudgetLeases.Draw> first = drawPastTheMark(pool);
        assertThat(refills.queued()).isEqualTo(1);
        assertThat(cost.reserved()).hasSize(1);

        refills.runAll();
        BudgetLeases.Draw next = pool.draw(ALICE, WORST);

        assertThat(cost.reserved()).containsExactly(new BigDecimal("0.20"), new BigDecimal("0.20"));
        assertThat(next.leaseId()).isEqualTo("hold-2");
        // only the first request waited for a lease
        assertThat(meters.counter("orchestrator.budget.holds", "source", "new-lease")
                        .count())
                .isEqualTo(1);
        assertThat(meters.counter("orchestrator.budget.leases.refills", "outcome", "installed")
                        .count())
                .isEqualTo(1);
        // the replaced lease is closed after its last draw, keeping what its events cost
        assertThat(cost.closes()).isEmpty();
        first.forEach(draw -> pool.end(draw, new BigDecimal("0.005")));
        awaitCloses(cost, 1);
        assertThat(cost.closes()).containsExactly(new Close("hold-1", new BigDecimal("0.080")));
        assertThat(refills.queued()).isZero();
    }

    @Test
    void concurrentDrawsPastTheMarkStartOneRefill() throws Exception {
        CostService cost = new CostService("10");
        BudgetLeases pool = leases(cost, 0.25, refills);
        ExecutorService requests = Executors.newFixedThreadPool(8);
        try {
            List<Future<BudgetLeases.Draw>> draws = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                draws.add(requests.submit(() -> pool.draw(ALICE, WORST)));
            }
            for (Future<BudgetLeases.Draw> draw : draws) {
                assertThat(draw.get(10, TimeUnit.SECONDS).leaseId()).isEqualTo("hold-1");
            }

            assertThat(refills.queued()).isEqualTo(1);
            assertThat(cost.reserved()).hasSize(1);
        } finally {
            requests.shutdownNow();
        }
    }

    @Test
    void requestsTheLeaseCannotCoverWaitForTheRefillInFlightInsteadOfTakingALease() throws Exception {
        CountDownLatch refillAsked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        CostService cost = new CostService("10");
        BudgetLeases.Bank slowSecond = reserving(cost, reserve -> {
            if (!cost.reserved().isEmpty()) {
                refillAsked.countDown();
                try {
                    answer.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return reserve.get();
        });
        ExecutorService refillThreads = Executors.newFixedThreadPool(2);
        ExecutorService requests = Executors.newFixedThreadPool(8);
        try {
            BudgetLeases pool = leases(slowSecond, 0.25, refillThreads);
            drawPastTheMark(pool);
            assertThat(refillAsked.await(10, TimeUnit.SECONDS)).isTrue();
            // the refill's reservation in flight; eight requests at once: four exhaust the lease, four
            // find it unable to cover them
            List<Future<BudgetLeases.Draw>> draws = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                draws.add(requests.submit(() -> pool.draw(ALICE, WORST)));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (meters.counter("orchestrator.budget.holds", "source", "lease")
                                    .count()
                            < 19
                    && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            answer.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<BudgetLeases.Draw> draw : draws) {
                ids.add(draw.get(10, TimeUnit.SECONDS).leaseId());
            }

            assertThat(cost.reserved()).hasSize(2);
            assertThat(ids).filteredOn("hold-1"::equals).hasSize(4);
            assertThat(ids).filteredOn("hold-2"::equals).hasSize(4);
            assertThat(meters.counter("orchestrator.budget.leases.refills", "outcome", "installed")
                            .count())
                    .isEqualTo(1);
        } finally {
            answer.countDown();
            requests.shutdownNow();
            refillThreads.shutdownNow();
        }
    }

    @Test
    void aRefusedRefillLeavesTheLeaseDrawnUntilExhaustedAndThenTheRequestHoldsItsOwn() {
        // room for one lease of 0.20 and not for a second of even two worst cases while it is held
        CostService cost = new CostService("0.22");
        BudgetLeases pool = leases(cost, 0.25, refills);
        drawPastTheMark(pool);

        refills.runAll();

        assertThat(meters.counter("orchestrator.budget.leases.refills", "outcome", "refused")
                        .count())
                .isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            assertThat(pool.draw(ALICE, WORST).leaseId()).isEqualTo("hold-1");
        }
        // no refill again for this lease; exhausted, the request asks itself, is refused and holds its own
        assertThat(refills.queued()).isZero();
        assertThat(pool.draw(ALICE, WORST)).isNull();
        assertThat(cost.reserved()).hasSize(1);
        assertThat(cost.violations()).isEmpty();
    }

    @Test
    void aFailedRefillChangesNothingAndTheExhaustedLeaseIsReplacedByTheRequestAsBefore() {
        CostService cost = new CostService("10");
        AtomicBoolean down = new AtomicBoolean();
        BudgetLeases pool = leases(
                reserving(cost, reserve -> {
                    if (down.get()) {
                        throw new ResourceAccessException("connection refused");
                    }
                    return reserve.get();
                }),
                0.25,
                refills);
        drawPastTheMark(pool);
        down.set(true);
        refills.runAll();
        down.set(false);

        assertThat(meters.counter("orchestrator.budget.leases.refills", "outcome", "failed")
                        .count())
                .isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            assertThat(pool.draw(ALICE, WORST).leaseId()).isEqualTo("hold-1");
        }
        assertThat(pool.draw(ALICE, WORST).leaseId()).isEqualTo("hold-2");
    }

    @Test
    void noLeaseIsTakenAheadAfterShutdownAndOneTakenDuringItIsGivenBack() {
        CostService cost = new CostService("10");
        BudgetLeases pool = leases(cost, 0.25, refills);
        drawPastTheMark(pool);
        pool.destroy();
        refills.runAll();
        assertThat(cost.reserved()).hasSize(1);

        // a refill whose reservation was in flight when the orchestrator stopped
        CostService other = new CostService("10");
        AtomicReference<BudgetLeases> stopping = new AtomicReference<>();
        BudgetLeases second = leases(
                reserving(other, reserve -> {
                    String id = reserve.get();
                    if (other.reserved().size() == 2) {
                        stopping.get().destroy();
                    }
                    return id;
                }),
                0.25,
                refills);
        stopping.set(second);
        drawPastTheMark(second);
        refills.runAll();

        assertThat(other.closes()).contains(new Close("hold-2", BigDecimal.ZERO));
        assertThat(second.openLeases()).isZero();
    }

    @Test
    void atShutdownOpenDrawsStayHeldAtTheirWorstCase() {
        CostService cost = new CostService("10");
        BudgetLeases pool = leases(cost);
        BudgetLeases.Draw open = pool.draw(ALICE, WORST);
        pool.end(pool.draw(ALICE, WORST), new BigDecimal("0.004"));

        pool.destroy();

        assertThat(cost.closes()).containsExactly(new Close("hold-1", new BigDecimal("0.014")));
        // its end after the close closes nothing again, and no lease is taken after shutdown
        pool.end(open, new BigDecimal("0.001"));
        assertThat(cost.closes()).hasSize(1);
        assertThat(pool.draw(ALICE, WORST)).isNull();
        assertThat(cost.reserved()).hasSize(1);
    }

    @ParameterizedTest(name = "refill below {0}")
    @ValueSource(doubles = {0.0, 0.25, 0.5})
    void manyConcurrentRequestsNeverSpendOrHoldMoreThanTheBudgetEvenWithEventsAfterTheClose(double refillBelow)
            throws Exception {
        CostService cost = new CostService("1.00");
        ExecutorService refillThreads = Executors.newFixedThreadPool(2);
        BudgetLeases pool = leases(cost, refillBelow, refillThreads);
        // usage events come late and in any order: a consumer books them while requests go on
        ConcurrentLinkedQueue<Runnable> stream = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> {
            while (running.get() || !stream.isEmpty()) {
                Runnable event = stream.poll();
                if (event != null) {
                    event.run();
                } else {
                    Thread.yield();
                }
            }
        });
        consumer.start();
        ExecutorService requests = Executors.newFixedThreadPool(8);
        List<Future<BigDecimal>> spent = new ArrayList<>();
        int refused = 0;
        try {
            for (int i = 0; i < 1600; i++) {
                spent.add(requests.submit(() -> request(pool, cost, stream)));
            }
            BigDecimal total = BigDecimal.ZERO;
            for (Future<BigDecimal> request : spent) {
                BigDecimal cents = request.get(30, TimeUnit.SECONDS);
                if (cents == null) {
                    refused++;
                } else {
                    total = total.add(cents);
                }
            }
            pool.destroy();
            running.set(false);
            consumer.join(10_000);

            assertThat(cost.violations()).isEmpty();
            assertThat(refused).isPositive();
            assertThat(cost.spent()).isEqualByComparingTo(total);
            assertThat(cost.spent()).isLessThanOrEqualTo(new BigDecimal("1.00"));
            assertThat(cost.held()).isEqualByComparingTo("0");
            assertThat(meters.counter("orchestrator.budget.holds", "source", "lease")
                            .count())
                    .isGreaterThan(
                            meters.counter("orchestrator.budget.leases.taken").count());
        } finally {
            requests.shutdownNow();
            refillThreads.shutdownNow();
            running.set(false);
        }
    }

    /** One request as BudgetHolds and AgentRunner make it; its cost, or {@code null} when refused. */
    private static BigDecimal request(BudgetLeases pool, CostService cost, ConcurrentLinkedQueue<Runnable> stream) {
        BigDecimal actual = WORST.multiply(
                        BigDecimal.valueOf(ThreadLocalRandom.current().nextInt(0, 101)))
                .divide(BigDecimal.valueOf(100), 8, RoundingMode.HALF_UP);
        BudgetLeases.Draw draw = pool.draw(ALICE, WORST);
        if (draw == null) {
            String hold;
            try {
                hold = cost.reserve(BudgetLeases.Scope.of(ALICE), WORST, Duration.ofMinutes(2));
            } catch (BudgetRefused refused) {
                return null;
            }
            stream.add(() -> cost.book(hold, actual, true));
            return actual;
        }
        String lease = draw.leaseId();
        // an attempt's events: two calls, the second sometimes after the attempt ended
        BigDecimal first = actual.divide(BigDecimal.valueOf(2), 8, RoundingMode.DOWN);
        stream.add(() -> cost.book(lease, first, false));
        stream.add(() -> cost.book(lease, actual.subtract(first), false));
        pool.end(draw, actual);
        return actual;
    }

    private static void awaitCloses(CostService cost, int n) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (cost.closes().size() < n && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    record Close(String id, BigDecimal awaitingUsd) {}

    /**
     * Sixteen draws of one worst case on a lease of twenty: 0.04 of 0.20 is left, below a quarter (after
     * fifteen, 0.05 is not).
     */
    private static List<BudgetLeases.Draw> drawPastTheMark(BudgetLeases pool) {
        List<BudgetLeases.Draw> draws = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            draws.add(pool.draw(ALICE, WORST));
        }
        return draws;
    }

    /** {@code cost}, whose reservations go through {@code around} (given the reservation to make). */
    private static BudgetLeases.Bank reserving(CostService cost, Function<Supplier<String>, String> around) {
        return new BudgetLeases.Bank() {
            @Override
            public String reserve(BudgetLeases.Scope scope, BigDecimal amountUsd, Duration lease) {
                return around.apply(() -> cost.reserve(scope, amountUsd, lease));
            }

            @Override
            public void close(BudgetLeases.Scope scope, String id, BigDecimal awaitingUsd) {
                cost.close(scope, id, awaitingUsd);
            }
        };
    }

    /** An executor that runs what it was given when the test says. */
    static final class QueuedRefills implements Executor {

        private final ConcurrentLinkedQueue<Runnable> queued = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable command) {
            queued.add(command);
        }

        int queued() {
            return queued.size();
        }

        void runAll() {
            Runnable next;
            while ((next = queued.poll()) != null) {
                next.run();
            }
        }
    }

    /** Cost-service's holds and one budget's counters, booked as its scripts book them. */
    static final class CostService implements BudgetLeases.Bank {

        private final BigDecimal limit;
        private BigDecimal spent = BigDecimal.ZERO;
        private BigDecimal held = BigDecimal.ZERO;
        private final Map<String, Hold> holds = new HashMap<>();
        private final List<BigDecimal> reserved = new ArrayList<>();
        private final List<Close> closes = new ArrayList<>();
        private final List<String> violations = new ArrayList<>();
        private int refusals;

        private static final class Hold {
            BigDecimal remaining;
            BigDecimal booked = BigDecimal.ZERO;
            boolean settled;
            boolean closed;

            Hold(BigDecimal amount) {
                this.remaining = amount;
            }
        }

        CostService(String limit) {
            this.limit = new BigDecimal(limit);
        }

        @Override
        public synchronized String reserve(BudgetLeases.Scope scope, BigDecimal amountUsd, Duration lease) {
            if (spent.add(held).add(amountUsd).compareTo(limit) > 0) {
                refusals++;
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYMENT_REQUIRED, "no room");
                problem.setType(URI.create("about:blank"));
                problem.setProperty("limitUsd", limit);
                problem.setProperty("spentUsd", spent);
                problem.setProperty("reservedUsd", held);
                throw new BudgetRefused(problem, "60");
            }
            held = held.add(amountUsd);
            String id = "hold-" + (holds.size() + 1);
            holds.put(id, new Hold(amountUsd));
            reserved.add(amountUsd);
            check();
            return id;
        }

        @Override
        public synchronized void close(BudgetLeases.Scope scope, String id, BigDecimal awaitingUsd) {
            Hold hold = holds.get(id);
            BigDecimal remaining = hold.settled ? BigDecimal.ZERO : hold.remaining;
            BigDecimal kept = remaining.min(awaitingUsd.subtract(hold.booked).max(BigDecimal.ZERO));
            held = held.subtract(remaining.subtract(kept));
            hold.remaining = kept;
            hold.closed = true;
            closes.add(new Close(id, awaitingUsd));
            check();
        }

        /** A usage event under hold {@code id}; {@code last} settles it. */
        synchronized void book(String id, BigDecimal cost, boolean last) {
            Hold hold = holds.get(id);
            BigDecimal remaining = hold.settled ? BigDecimal.ZERO : hold.remaining;
            BigDecimal take = last ? remaining : cost.min(remaining);
            held = held.subtract(take);
            spent = spent.add(cost);
            hold.booked = hold.booked.add(cost);
            hold.remaining = remaining.subtract(take);
            if (last) {
                hold.settled = true;
            }
            check();
        }

        private void check() {
            if (spent.add(held).compareTo(limit) > 0) {
                violations.add("spent " + spent + " + held " + held + " > " + limit);
            }
            if (held.signum() < 0) {
                violations.add("held " + held + " < 0");
            }
        }

        synchronized List<BigDecimal> reserved() {
            return List.copyOf(reserved);
        }

        synchronized List<Close> closes() {
            return List.copyOf(closes);
        }

        synchronized List<String> violations() {
            return List.copyOf(violations);
        }

        synchronized int refusals() {
            return refusals;
        }

        synchronized BigDecimal spent() {
            return spent;
        }

        synchronized BigDecimal held() {
            return held;
        }
    }
}
