package dev.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.agentplatform.common.Streams;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.support.security.TestServiceCalls;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The orchestrator killed with SIGKILL while 100 async tasks are queued or running, then started
 * again on the same port: every task reaches a final state and none is in effect twice.
 *
 * <p>Only the orchestrator runs, from its built jar, against real Redis; the registry that defines
 * python is a stub, and its other neighbours' URLs lead to closed ports (the budget check fails
 * open, python uses no capability, a task without a conversation touches no memory). Abandoned work is taken over quickly: stream entries idle for
 * 5 s are reclaimed, looked for every 2 s, and a task's lease lapses 5 s after its last renewal.
 *
 * <p>A run has its effects through the events it publishes: usage, which cost-service books, and
 * outcomes, which the router learns from. A run repeated after the crash (the task was RUNNING, so
 * its stream entry was never acknowledged) publishes again under the same event ids, because they
 * derive from the task id; cost-service books a usage event once per id ({@code ON CONFLICT
 * (event_id) DO NOTHING} on its ledger) and the router applies an outcome once per id. So a
 * repeated entry with the same id is allowed and counted once downstream, whereas a second distinct
 * id for the same task would be booked twice: each task must carry exactly one of each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrchestratorCrashRecoveryIT {

    private static final int REDIS_DB = 9;
    private static final String ORCHESTRATOR = "orchestrator-service";
    private static final int TASKS = 100;
    private static final String USER = "crash-recovery";
    /** Where the orchestrator keeps each task's state ({@code platform.orchestrator.tasks.key-prefix}). */
    private static final String TASK_KEY_PREFIX = "task:";
    /** The orchestrators' consumer group on {@link Streams#TASKS}. */
    private static final String GROUP = "orchestrator";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ServiceProcesses services;
    private RegistryStub registry;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> redisConnection;
    private RedisCommands<String, String> redis;

    @BeforeAll
    void startOrchestrator() throws Exception {
        redisClient = RedisClient.create(TestInfrastructure.redisUrl(REDIS_DB));
        redisConnection = redisClient.connect();
        redis = redisConnection.sync();
        redis.flushdb();
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        registry = new RegistryStub("[{\"name\":\"python\",\"team\":\"code\",\"description\":\"Python.\","
                + "\"systemPrompt\":\"You are a senior Python engineer.\",\"tier\":\"cheap\"}]");
        services = new ServiceProcesses(root, Path.of("target", "e2e-logs", "crash-recovery"), List.of(ORCHESTRATOR));
        services.start(Map.of(
                "REDIS_URL", TestInfrastructure.redisUrl(REDIS_DB),
                "PLATFORM_ORCHESTRATOR_CLIENTS_ROUTER_URL", registry.url(),
                "PLATFORM_ORCHESTRATOR_TASKS_WORKERS", "4",
                "PLATFORM_ORCHESTRATOR_TASKS_CLAIM_MIN_IDLE", "5s",
                "PLATFORM_ORCHESTRATOR_TASKS_CLAIM_INTERVAL", "2s",
                "PLATFORM_ORCHESTRATOR_TASKS_LEASE", "5s",
                "PLATFORM_ORCHESTRATOR_SIMULATED_AGENTS_PYTHON_LATENCY_MS", "300"));
        services.awaitReady(Duration.ofMinutes(2));
    }

    @AfterAll
    void stopOrchestrator() {
        if (services != null) {
            services.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (redisConnection != null) {
            redis.flushdb();
            redisConnection.close();
        }
        if (redisClient != null) {
            redisClient.shutdown();
        }
    }

    @Test
    void everyTaskInFlightAtAKill9ReachesAFinalStateAndIsBookedOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            ids.add(submit("async task " + i));
        }
        // The first task queued is among the first run: once it is done, most of the others are not.
        awaitFinal(List.of(ids.get(0)), Duration.ofSeconds(60));
        services.kill(ORCHESTRATOR);
        long killed = System.nanoTime();

        Map<String, String> atKill = storedStatuses(ids);
        Map<String, Long> countsAtKill = counts(atKill);
        assertThat(countsAtKill.getOrDefault("SUCCEEDED", 0L))
                .as("tasks done at the kill: %s", countsAtKill)
                .isPositive();
        assertThat(countsAtKill.getOrDefault("PENDING", 0L) + countsAtKill.getOrDefault("RUNNING", 0L))
                .as("tasks in flight at the kill: %s", countsAtKill)
                .isPositive();

        services.restart(ORCHESTRATOR);
        services.awaitReady(Duration.ofMinutes(2));
        double readySeconds = secondsSince(killed);
        Map<String, String> statuses = awaitFinal(ids, Duration.ofSeconds(120));
        double finalSeconds = secondsSince(killed);
        assertThat(counts(statuses)).as("final statuses").isEqualTo(Map.of("SUCCEEDED", (long) TASKS));

        Map<String, List<String>> usage = eventIdsByTask(Streams.USAGE, ids);
        Map<String, List<String>> outcomes = eventIdsByTask(Streams.OUTCOMES, ids);
        assertThat(usage.keySet()).as("tasks with usage").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(outcomes.keySet()).as("tasks with an outcome").containsExactlyInAnyOrderElementsOf(ids);
        for (String id : ids) {
            assertThat(Set.copyOf(usage.get(id)))
                    .as("distinct usage event ids of task %s", id)
                    .hasSize(1);
            assertThat(Set.copyOf(outcomes.get(id)))
                    .as("distinct outcome event ids of task %s", id)
                    .hasSize(1);
            if ("SUCCEEDED".equals(atKill.get(id))) {
                // final before the crash: acknowledged on redelivery, never run again
                assertThat(usage.get(id))
                        .as("usage entries of task %s, done at the kill", id)
                        .hasSize(1);
                assertThat(outcomes.get(id))
                        .as("outcome entries of task %s, done at the kill", id)
                        .hasSize(1);
            }
        }
        awaitNothingPending();

        System.out.printf(
                "kill -9 with %d async tasks: at the kill %s; ready again %.1f s and all final %.1f s after"
                        + " the kill; usage entries %d (%d distinct ids), outcome entries %d (%d distinct ids)%n",
                TASKS,
                countsAtKill,
                readySeconds,
                finalSeconds,
                entries(usage),
                distinct(usage),
                entries(outcomes),
                distinct(outcomes));
    }

    /** Queues one async task for python, as the router hands it over; returns its id. */
    private String submit(String prompt) throws Exception {
        String id = UUID.randomUUID().toString();
        String body = """
                {"taskId": "%s",
                 "task": {"prompt": "%s", "async": true},
                 "decision": {"agent": "python", "team": "code", "strategy": "SINGLE", "confidence": 0.8,
                              "candidates": [], "agents": ["python"]}}
                """.formatted(id, prompt);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(services.url(ORCHESTRATOR) + "/v1/executions"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Authorization", TestServiceCalls.bearer(USER, "pro"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(JsonPath.<String>read(response.body(), "$.id")).isEqualTo(id);
        return id;
    }

    /** Polls {@code GET /v1/tasks/{id}} until every task is final; their final statuses. */
    private Map<String, String> awaitFinal(List<String> ids, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> statuses = new LinkedHashMap<>();
        Set<String> open = new LinkedHashSet<>(ids);
        while (true) {
            for (var it = open.iterator(); it.hasNext(); ) {
                String id = it.next();
                String status = status(id);
                statuses.put(id, status);
                if ("SUCCEEDED".equals(status) || "FAILED".equals(status)) {
                    it.remove();
                }
            }
            if (open.isEmpty()) {
                return statuses;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "not final in " + timeout + ": " + counts(statuses) + "\n" + services.tail(ORCHESTRATOR));
            }
            Thread.sleep(250);
        }
    }

    private String status(String id) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(services.url(ORCHESTRATOR) + "/v1/tasks/" + id))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", TestServiceCalls.bearer(USER, "pro"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonPath.read(response.body(), "$.status");
    }

    /** The statuses the orchestrator stored, read from Redis while it is down. */
    private Map<String, String> storedStatuses(List<String> ids) {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (String id : ids) {
            statuses.put(id, redis.hget(TASK_KEY_PREFIX + id, "status"));
        }
        return statuses;
    }

    /** Event ids on {@code stream} per task of {@code ids}, one per entry, in stream order. */
    private Map<String, List<String>> eventIdsByTask(String stream, List<String> ids) {
        Set<String> wanted = Set.copyOf(ids);
        Map<String, List<String>> byTask = new LinkedHashMap<>();
        for (StreamMessage<String, String> entry : redis.xrange(stream, Range.create("-", "+"))) {
            String task = JsonPath.read(entry.getBody().get(Streams.FIELD_PAYLOAD), "$.taskId");
            if (wanted.contains(task)) {
                byTask.computeIfAbsent(task, t -> new ArrayList<>())
                        .add(entry.getBody().get(Streams.FIELD_EVENT_ID));
            }
        }
        return byTask;
    }

    /** Waits until the consumer group has acknowledged every task entry, the dead instance's too. */
    private void awaitNothingPending() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long pending;
        while ((pending = redis.xpending(Streams.TASKS, GROUP).getCount()) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(pending + " task entries still unacknowledged after 30 s");
            }
            Thread.sleep(250);
        }
    }

    private static Map<String, Long> counts(Map<String, String> statuses) {
        return statuses.values().stream()
                .collect(Collectors.groupingBy(String::valueOf, TreeMap::new, Collectors.counting()));
    }

    private static long entries(Map<String, List<String>> byTask) {
        return byTask.values().stream().mapToLong(List::size).sum();
    }

    private static long distinct(Map<String, List<String>> byTask) {
        return byTask.values().stream().mapToLong(ids -> Set.copyOf(ids).size()).sum();
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
