package dev.agentplatform.memory.ingest;

import dev.agentplatform.support.security.TestServiceCalls;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingest throughput of a running memory-service (bench/memory), not a test: every LoCoMo turn of
 * the JSON file posted to {@code POST /v1/memories} as a write of its own, {@code threads} clients,
 * the conversations' sessions spread over {@code users} users, {@code rounds} times (new ids each
 * round). Every 100 ms it reads the oldest entry of both ingest streams in the service's Redis
 * (alone in that database, default stream names) until both are empty, then checks that {@code
 * GET /v1/memories/stats} shows nothing pending, and prints messages per second, the lag (age of the
 * oldest pending message, sampled) and the CPU each listed process spent per message by thread
 * group ({@code /proc/PID/task}). The service must be started with the tests' internal secret
 * ({@link TestServiceCalls#SECRET}). Arguments: base URL, the service's Redis URL, JSON file, rounds,
 * threads, users, then {@code name=pid} of each process to account (memory-service, Neo4j) and
 * optionally {@code rate=N}: at most N writes a second (default as fast as the clients go), and
 * {@code admin=KEY}: the base URL is the gateway's, and each user writes with an enterprise API key
 * the bench makes with that admin key (the whole path a client's write takes).
 */
public final class IngestBench {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("h:mm a 'on' d MMMM, yyyy", Locale.ENGLISH);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Post(String user, String body) {}

    /** How each user's requests are signed: a service token, or the API key made for the user. */
    private static final Map<String, String> AUTHORIZATION = new java.util.concurrent.ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String redisUrl = args[1];
        JsonNode convs = JSON.readTree(Files.readString(Path.of(args[2])));
        int rounds = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int users = Integer.parseInt(args[5]);
        Map<String, Long> pids = new TreeMap<>();
        double rate = 0;
        String admin = null;
        for (int i = 6; i < args.length; i++) {
            String[] kv = args[i].split("=");
            if (kv[0].equals("rate")) {
                rate = Double.parseDouble(kv[1]);
            } else if (kv[0].equals("admin")) {
                admin = kv[1];
            } else {
                pids.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<Post> posts = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            int c = 0;
            for (JsonNode conv : convs) {
                String sid = conv.get("sample_id").asString();
                JsonNode sessions = conv.get("conversation");
                for (int n = 1; sessions.has("session_" + n); n++) {
                    String date = sessions.path("session_" + n + "_date_time").asString("");
                    String at = LocalDateTime.parse(date.replace("am", "AM").replace("pm", "PM"), WHEN)
                            .toInstant(ZoneOffset.UTC)
                            .toString();
                    String user = "bench-" + run + "-" + ((c * 2 + n % 2) % users);
                    for (JsonNode m : sessions.get("session_" + n)) {
                        Map<String, Object> message = Map.of(
                                "id",
                                "r" + r + "/" + sid + "/" + m.get("dia_id").asString(),
                                "role",
                                "user",
                                "name",
                                m.get("speaker").asString(),
                                "content",
                                m.get("text").asString(),
                                "timestamp",
                                at);
                        posts.add(new Post(
                                user,
                                JSON.writeValueAsString(
                                        Map.of("conversationId", sid + "-s" + n, "messages", List.of(message)))));
                    }
                }
                c++;
            }
        }
        List<String> userIds = posts.stream().map(Post::user).distinct().toList();
        HttpClient http = HttpClient.newHttpClient();
        for (String user : userIds) {
            AUTHORIZATION.put(
                    user,
                    admin == null ? TestServiceCalls.bearer(user, "pro") : "Bearer " + apiKey(http, base, admin, user));
        }
        Map<String, Long> before = cpu(pids);
        long t0 = System.nanoTime();
        ConcurrentLinkedQueue<Post> queue = new ConcurrentLinkedQueue<>(posts);
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        AtomicLong sent = new AtomicLong();
        long nanosApart = rate > 0 ? (long) (1e9 / rate) : 0;
        for (int t = 0; t < threads; t++) {
            clients.execute(() -> {
                for (Post p = queue.poll(); p != null; p = queue.poll()) {
                    long due = t0 + sent.getAndIncrement() * nanosApart;
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                    int status = send(http, base + "/v1/memories", p.user(), p.body());
                    if (status != 202) {
                        throw new IllegalStateException("write answered " + status);
                    }
                }
            });
        }
        clients.shutdown();
        List<Long> lags = new ArrayList<>();
        long posted = 0;
        try (RedisClient client = RedisClient.create(redisUrl);
                StatefulRedisConnection<String, String> redis = client.connect()) {
            while (true) {
                if (posted == 0 && clients.awaitTermination(100, TimeUnit.MILLISECONDS)) {
                    posted = System.nanoTime();
                } else if (posted != 0) {
                    Thread.sleep(100);
                }
                // the oldest entry of either stream: what is accepted and not yet in every tier
                long oldest = Long.MAX_VALUE;
                for (String stream : List.of("memory.ingest", "memory.ingest.cold")) {
                    var first = redis.sync().xrange(stream, Range.create("-", "+"), Limit.from(1));
                    if (!first.isEmpty()) {
                        String id = first.get(0).getId();
                        oldest = Math.min(oldest, Long.parseLong(id.substring(0, id.indexOf('-'))));
                    }
                }
                lags.add(oldest == Long.MAX_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - oldest));
                if (posted != 0 && oldest == Long.MAX_VALUE) {
                    break;
                }
            }
        }
        for (String user : userIds) {
            JsonNode stats = JSON.readTree(get(http, base + "/v1/memories/stats", user));
            if (stats.get("pending").asLong() != 0) {
                throw new IllegalStateException(user + " still has pending messages: " + stats);
            }
        }
        long done = System.nanoTime();
        Map<String, Long> after = cpu(pids);
        int n = posts.size();
        lags.sort(null);
        System.out.printf(
                "%d messages, %d threads, %d users: posted in %.1f s (%.0f msg/s), all tiers in %.1f s (%.0f msg/s);"
                        + " lag p50 %d ms p95 %d ms max %d ms%n",
                n,
                threads,
                userIds.size(),
                (posted - t0) / 1e9,
                n / ((posted - t0) / 1e9),
                (done - t0) / 1e9,
                n / ((done - t0) / 1e9),
                lags.get(lags.size() / 2),
                lags.get((int) (lags.size() * 0.95)),
                lags.get(lags.size() - 1));
        for (var process : pids.keySet()) {
            Map<String, Long> groups = new TreeMap<>();
            for (var e : after.entrySet()) {
                String[] key = e.getKey().split("\t");
                if (key[0].equals(process) && key.length == 3) {
                    groups.merge(key[1], e.getValue() - before.getOrDefault(e.getKey(), 0L), Long::sum);
                }
            }
            long total = after.get(process + "\t*") - before.get(process + "\t*");
            StringBuilder line = new StringBuilder(
                    String.format("%s CPU %.2f ms/msg (%d ms):", process, total * 10.0 / n, total * 10));
            groups.entrySet().stream()
                    .filter(g -> g.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(g -> line.append(String.format(" %s %.2f", g.getKey(), g.getValue() * 10.0 / n)));
            System.out.println(line);
        }
        for (String user : userIds) {
            send(http, base + "/v1/memories", user, null);
        }
    }

    /**
     * CPU ticks (1/100 s) of each process (key {@code name\t*}, dead threads included) and of each
     * live thread ({@code name\tgroup\ttid}, the group being its name with digits dropped).
     */
    private static Map<String, Long> cpu(Map<String, Long> pids) throws IOException {
        Map<String, Long> ticks = new TreeMap<>();
        for (var p : pids.entrySet()) {
            Path proc = Path.of("/proc", Long.toString(p.getValue()));
            ticks.put(p.getKey() + "\t*", ticksOf(Files.readString(proc.resolve("stat"))));
            try (var tasks = Files.list(proc.resolve("task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String group = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                                .replaceAll("[0-9]+", "#");
                        ticks.put(p.getKey() + "\t" + group + "\t" + task.getFileName(), ticksOf(stat));
                    } catch (IOException gone) {
                        // the thread ended meanwhile
                    }
                }
            }
        }
        return ticks;
    }

    private static long ticksOf(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    private static String apiKey(HttpClient http, String gateway, String admin, String user) {
        try {
            HttpResponse<String> made = http.send(
                    HttpRequest.newBuilder(URI.create(gateway + "/admin/v1/keys"))
                            .header("Authorization", "Bearer " + admin)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    JSON.writeValueAsString(Map.of("userId", user, "tier", "enterprise"))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (made.statusCode() / 100 != 2) {
                throw new IllegalStateException("key for " + user + ": HTTP " + made.statusCode());
            }
            return JSON.readTree(made.body()).get("key").asString();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int send(HttpClient http, String url, String user, String body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).header("Authorization", AUTHORIZATION.get(user));
        request = body == null
                ? request.DELETE()
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String get(HttpClient http, String url, String user) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Authorization", AUTHORIZATION.get(user))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
