package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.orchestrator.client.BudgetRefused;
import dev.agentplatform.orchestrator.client.CostClient;
import dev.agentplatform.orchestrator.task.Caller;
import dev.agentplatform.support.security.ServiceTokenInterceptor;
import dev.agentplatform.support.security.ServiceTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Constructor;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The orchestrator's reserve and settle on a request's path, against a real cost-service: per
 * request, the time of {@code BudgetLeases.draw} (or, when no lease fits, the reservation of its own
 * that {@code BudgetHolds} makes then) plus {@code BudgetLeases.end}, the two steps a request waits
 * for; the provider call between them is a sleep. The usage events that settle at cost-service go over
 * the stream, off the request's path, and are not sent here. The production {@code CostClient}
 * (pooled HTTP client, service credential) and {@code BudgetLeases} with its own refill threads are
 * used as the orchestrator wires them.
 *
 * <pre>java -cp ... dev.agentplatform.orchestrator.execution.LeaseOverhead COST_URL SECRET REFILL_BELOW
 *     THREADS REQUESTS PROVIDER_MS USERS</pre>
 *
 * REFILL_BELOW 0 is the lease without refills (a request finding it exhausted takes the next one).
 * A warm-up of REQUESTS / 4 requests is not counted.
 */
public final class LeaseOverhead {

    private static final BigDecimal WORST = new BigDecimal("0.01");

    public static void main(String[] args) throws Exception {
        URI costUrl = URI.create(args[0]);
        String secret = args[1];
        double refillBelow = Double.parseDouble(args[2]);
        int threads = Integer.parseInt(args[3]);
        int requests = Integer.parseInt(args[4]);
        long providerNanos = TimeUnit.MICROSECONDS.toNanos((long) (Double.parseDouble(args[5]) * 1000));
        int users = Integer.parseInt(args[6]);

        CostClient cost = costClient(costUrl, secret);
        // the orchestrator's defaults, refill-below as asked
        BudgetLeaseProperties properties = new Binder(new MapConfigurationPropertySource(
                        Map.of("platform.orchestrator.budget-leases.refill-below", args[2])))
                .bindOrCreate("platform.orchestrator.budget-leases", BudgetLeaseProperties.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        BudgetLeases leases = new BudgetLeases(cost, properties, meters);
        // each run its own users, so that no lease of an earlier run is drawn from
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<Caller> callers = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            callers.add(new Caller("bench-" + run + "-" + u, "pro", "r", null, null, false));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            measure(pool, leases, cost, callers, threads, requests / 4, providerNanos);
            double[] before = counts(meters);
            long started = System.nanoTime();
            long[] overhead = measure(pool, leases, cost, callers, threads, requests, providerNanos);
            double seconds = (System.nanoTime() - started) / 1e9;
            double[] after = counts(meters);
            Arrays.sort(overhead);
            System.out.printf(
                    "refill-below %.2f, %d threads, %d users, provider %.1f ms, %d requests (%.0f req/s):"
                            + " reserve+settle p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.1f ms;"
                            + " leases taken %.0f, requests that waited for a lease %.0f, held alone %.0f,"
                            + " refills installed %.0f refused %.0f failed %.0f unused %.0f%n",
                    refillBelow,
                    threads,
                    users,
                    providerNanos / 1e6,
                    requests,
                    requests / seconds,
                    at(overhead, 0.50),
                    at(overhead, 0.90),
                    at(overhead, 0.99),
                    at(overhead, 0.999),
                    overhead[overhead.length - 1] / 1e6,
                    after[0] - before[0],
                    after[1] - before[1],
                    after[2] - before[2],
                    after[3] - before[3],
                    after[4] - before[4],
                    after[5] - before[5],
                    after[6] - before[6]);
        } finally {
            pool.shutdownNow();
            leases.destroy();
        }
        System.exit(0);
    }

    /** Runs {@code n} requests on {@code threads} threads; each one's reserve+settle time, nanos. */
    private static long[] measure(
            ExecutorService pool,
            BudgetLeases leases,
            CostClient cost,
            List<Caller> callers,
            int threads,
            int n,
            long providerNanos)
            throws Exception {
        long[] overhead = new long[n];
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            workers.add(pool.submit(() -> {
                for (int i = first; i < n; i += threads) {
                    Caller caller = callers.get(i % callers.size());
                    overhead[i] = request(leases, cost, caller, providerNanos);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(10, TimeUnit.MINUTES);
        }
        return overhead;
    }

    /** One request as BudgetHolds and AgentRunner make it; the time it spent holding and ending. */
    private static long request(BudgetLeases leases, CostClient cost, Caller caller, long providerNanos) {
        BigDecimal actual = WORST.multiply(
                BigDecimal.valueOf(ThreadLocalRandom.current().nextInt(20, 81), 2));
        long begin = System.nanoTime();
        BudgetLeases.Draw draw = leases.draw(caller, WORST);
        String held = null;
        if (draw == null) {
            try {
                held = cost.reserve(caller.userId(), caller.tier(), null, null, WORST)
                        .reservationId();
            } catch (BudgetRefused refused) {
                return System.nanoTime() - begin;
            }
        }
        long drawn = System.nanoTime();
        LockSupport.parkNanos(providerNanos);
        long called = System.nanoTime();
        if (draw != null) {
            leases.end(draw, actual);
        } else {
            // a hold of its own is settled by its usage event; none is sent here, so it is given back
            cost.release(caller.userId(), caller.tier(), held);
        }
        return (drawn - begin) + (System.nanoTime() - called);
    }

    /** Leases taken; holds that waited, held alone; refills installed, refused, failed, unused. */
    private static double[] counts(SimpleMeterRegistry meters) {
        return new double[] {
            meters.counter("orchestrator.budget.leases.taken").count(),
            count(meters, "orchestrator.budget.holds", "source", "new-lease"),
            count(meters, "orchestrator.budget.holds", "source", "exact"),
            count(meters, "orchestrator.budget.leases.refills", "outcome", "installed"),
            count(meters, "orchestrator.budget.leases.refills", "outcome", "refused"),
            count(meters, "orchestrator.budget.leases.refills", "outcome", "failed"),
            count(meters, "orchestrator.budget.leases.refills", "outcome", "unused")
        };
    }

    private static double count(SimpleMeterRegistry meters, String name, String tag, String value) {
        Counter counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double at(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** The orchestrator's CostClient, built as its Spring wiring builds it (both are package-private). */
    private static CostClient costClient(URI costUrl, String secret) throws Exception {
        ServiceTokens tokens = new ServiceTokens(
                "orchestrator-service", secret, Duration.ofSeconds(60), Duration.ofSeconds(30), Clock.systemUTC());
        RestClient.Builder builder = RestClient.builder().requestInterceptor(new ServiceTokenInterceptor(tokens));
        Class<?> propertiesType = Class.forName("dev.agentplatform.orchestrator.client.ClientsProperties");
        Constructor<?> properties = propertiesType.getDeclaredConstructors()[0];
        properties.setAccessible(true);
        Object clients = properties.newInstance(
                costUrl,
                URI.create("http://127.0.0.1:1"),
                URI.create("http://127.0.0.1:1"),
                URI.create("http://127.0.0.1:1"),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(15),
                Duration.ofSeconds(1));
        Constructor<CostClient> client = CostClient.class.getDeclaredConstructor(RestClient.Builder.class, propertiesType);
        client.setAccessible(true);
        return client.newInstance(builder, clients);
    }
}
