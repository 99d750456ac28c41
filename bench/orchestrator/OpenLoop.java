import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator: sends POST requests at a fixed rate, each timed from when it was
 * due (so queueing anywhere shows in the latency), and prints one line of percentiles. Every
 * {@code {{id}}} in the body becomes a fresh UUID per request.
 *
 * <pre>java OpenLoop.java URL BODY_FILE RATE SECONDS [Header:Value ...]</pre>
 *
 * A first run of the same rate and length warms up this client (its JIT, its connections) and is
 * not counted.
 */
public class OpenLoop {

    public static void main(String[] args) throws java.io.IOException {
        URI uri = URI.create(args[0]);
        String body = Files.readString(Path.of(args[1]));
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        List<String> headers = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            int colon = args[i].indexOf(':');
            headers.add(args[i].substring(0, colon).trim());
            headers.add(args[i].substring(colon + 1).trim());
        }
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        run(client, uri, body, headers, rate, seconds);
        List<Double> sorted = run(client, uri, body, headers, rate, seconds);
        System.out.printf(
                "open loop %d req/s for %d s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms, errors %d%n",
                rate,
                seconds,
                at(sorted, 0.50),
                at(sorted, 0.90),
                at(sorted, 0.99),
                at(sorted, 0.999),
                sorted.get(sorted.size() - 1),
                errors);
        System.exit(0);
    }

    private static int errors;

    /** One run; the latencies sorted. */
    private static List<Double> run(
            HttpClient client, URI uri, String body, List<String> headers, int rate, int seconds) {
        int total = rate * seconds;
        long interval = 1_000_000_000L / rate;
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>(total));
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>(total);
        long start = System.nanoTime() + 100_000_000L;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            body.replace("{{id}}", UUID.randomUUID().toString())));
            for (int h = 0; h < headers.size(); h += 2) {
                request.header(headers.get(h), headers.get(h + 1));
            }
            pending.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        latencies.add((System.nanoTime() - due) / 1e6);
                        if (error != null || response.statusCode() != 200) {
                            failed.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .handle((ok, error) -> null)
                .join();
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        errors = failed.get();
        return sorted;
    }

    private static double at(List<Double> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }
}
