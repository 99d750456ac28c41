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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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

    private BudgetLeases leases(CostService cost) {
        leases = new BudgetLeases(cost, properties(), meters, clock::get);
        return leases;
    }

    private static BudgetLeaseProperties properties() {
        return new BudgetLeaseProperties(
                true,
                20,
                new BigDecimal("0.50"),
                2,
                0.5,
                Duration.ofMinutes(10),
                Duration.ofMinutes(2),
                Duration.ofSeconds(15),
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
                properties(),
                meters,
                clock::get);

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

    @Test
    void manyConcurrentRequestsNeverSpendOrHoldMoreThanTheBudgetEvenWithEventsAfterTheClose() throws Exception {
        CostService cost = new CostService("1.00");
        BudgetLeases pool = leases(cost);
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
