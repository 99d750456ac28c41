package dev.agentplatform.orchestrator.task;

import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.Streams;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.RequestIds;
import dev.agentplatform.support.stream.ConsumerGroup;
import dev.agentplatform.support.stream.StreamEntry;
import dev.agentplatform.support.stream.StreamTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * This instance's member of the {@code orchestrator} group on {@code platform.tasks}: one reader
 * thread hands entries to {@code workers} worker threads, each of which runs a task and acknowledges
 * its entry only once the outcome is stored. Entries other members left pending longer than
 * {@code claim-min-idle} (a crashed instance) are taken over with XAUTOCLAIM. The Redis side (group,
 * reads, claims, acks, trace continuation) is platform-support's {@link ConsumerGroup}; the reading
 * loop stays here, because a task runs long on a worker of its own and is acked when it ends, not
 * when its batch does (what {@code StreamConsumerRunner} does).
 *
 * <p>At most once in effect: a task already final is acknowledged without running; a task whose
 * lease another live instance holds is left pending for later; and the events a run publishes carry
 * ids derived from the task id, so a run repeated after a crash is booked once downstream.
 */
@Component
class TaskConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskConsumer.class);

    private final ConsumerGroup members;
    private final TaskStore store;
    private final TaskRunner runner;
    private final JsonMapper json;
    private final TasksProperties properties;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;
    private final Semaphore slots;
    private final Counter completed;
    private final Counter failed;
    private final Counter skipped;

    private volatile boolean running;
    private Thread reader;
    private ExecutorService workers;
    private ScheduledExecutorService leases;

    TaskConsumer(
            StringRedisTemplate redis,
            TaskStore store,
            TaskRunner runner,
            JsonMapper json,
            TasksProperties properties,
            MeterRegistry meters,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        this.members = new ConsumerGroup(redis, properties.stream(), properties.group(), properties.consumerName());
        this.store = store;
        this.runner = runner;
        this.json = json;
        this.properties = properties;
        this.tracer = tracer;
        this.propagator = propagator;
        this.slots = new Semaphore(properties.workers());
        this.completed = tasks(meters, "succeeded");
        this.failed = tasks(meters, "failed");
        this.skipped = tasks(meters, "skipped");
    }

    private static Counter tasks(MeterRegistry meters, String outcome) {
        return Counter.builder("orchestrator.tasks")
                .description("Async task stream entries handled, by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public void start() {
        if (!properties.consumerEnabled() || running) {
            return;
        }
        running = true;
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(properties.workers(), r -> {
            Thread thread = new Thread(r, "task-worker-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        leases = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "task-leases");
            thread.setDaemon(true);
            return thread;
        });
        reader = new Thread(this::run, "task-stream-reader");
        reader.setDaemon(true);
        reader.start();
        log.info(
                "running tasks from {} as {} in group {}",
                properties.stream(),
                properties.consumerName(),
                properties.group());
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = reader;
        if (thread != null) {
            try {
                thread.join(properties.block().plusSeconds(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reader = null;
        }
        if (workers != null) {
            // Unfinished tasks stay pending and are reclaimed by another instance or the next start.
            workers.shutdown();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            workers.shutdownNow();
        }
        if (leases != null) {
            leases.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        boolean groupReady = false;
        long nextClaim = 0;
        while (running) {
            try {
                if (!groupReady) {
                    ensureGroup();
                    groupReady = true;
                }
                slots.acquire();
                int free = 1 + slots.drainPermits();
                int used = 0;
                try {
                    List<StreamEntry> entries;
                    if (System.nanoTime() - nextClaim >= 0) {
                        entries = reclaim(free);
                        nextClaim =
                                System.nanoTime() + properties.claimInterval().toNanos();
                    } else {
                        entries = List.of();
                    }
                    if (entries.isEmpty()) {
                        entries = members.readNew(free, properties.block());
                    }
                    for (StreamEntry entry : entries) {
                        used++;
                        workers.execute(() -> {
                            try {
                                traced(entry, () -> handle(entry));
                            } catch (RuntimeException e) {
                                log.warn("task entry {} left pending: {}", entry.id(), e.toString());
                            } finally {
                                slots.release();
                            }
                        });
                    }
                } finally {
                    slots.release(free - used);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (ConsumerGroup.isMissingGroup(e)) {
                    groupReady = false;
                } else {
                    log.warn("task stream read failed, retrying in {}: {}", properties.retryBackoff(), e.toString());
                }
                pause();
            }
        }
    }

    private void ensureGroup() {
        if (members.create()) {
            log.info("created consumer group {} on {}", properties.group(), properties.stream());
        }
    }

    /** Up to {@code count} entries other members abandoned, now this member's. */
    private List<StreamEntry> reclaim(int count) {
        List<StreamEntry> entries = members.claimIdle(properties.claimMinIdle(), ConsumerGroup.FROM_START, count)
                .entries();
        if (!entries.isEmpty()) {
            log.info("reclaimed {} task entries abandoned by other instances", entries.size());
        }
        return entries;
    }

    private void handle(StreamEntry entry) {
        String taskId = entry.fields().get(TaskStore.FIELD_TASK_ID);
        if (taskId == null) {
            // Deleted while pending (XDEL, MAXLEN) or not ours to read: nothing to run.
            acknowledge(entry);
            return;
        }
        Optional<TaskStore.TaskState> state = store.find(taskId);
        if (state.isEmpty() || state.get().status().isFinal()) {
            // Expired, or done already (a redelivery after the ack was lost): never run twice.
            acknowledge(entry);
            skipped.increment();
            return;
        }
        if (!store.lease(taskId, properties.consumerName(), properties.lease())) {
            // Another live instance runs it; its entry stays pending until that one acks it.
            log.debug("task {} is leased by another instance", taskId);
            return;
        }
        long renewEvery = Math.max(100, properties.lease().toMillis() / 3);
        ScheduledFuture<?> renewal = leases.scheduleWithFixedDelay(
                () -> {
                    try {
                        store.renewLease(taskId, properties.consumerName(), properties.lease());
                    } catch (RuntimeException e) {
                        log.warn("could not renew the lease of task {}: {}", taskId, e.toString());
                    }
                },
                renewEvery,
                renewEvery,
                TimeUnit.MILLISECONDS);
        String requestId = entry.fields().getOrDefault(TaskStore.FIELD_REQUEST_ID, "");
        if (!requestId.isEmpty()) {
            MDC.put(RequestIds.MDC_KEY, requestId);
        }
        try {
            store.running(taskId);
            String outcome;
            String error = null;
            TaskResult result = null;
            try {
                ExecutionRequest request =
                        json.readValue(entry.fields().get(Streams.FIELD_PAYLOAD), ExecutionRequest.class);
                result = runner.run(request, state.get().caller(requestId.isEmpty() ? null : requestId));
            } catch (PlatformException e) {
                error = json.writeValueAsString(problem(e.toProblem()));
            } catch (tools.jackson.core.JacksonException e) {
                error = json.writeValueAsString(problem(
                        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the queued task cannot be read")));
            } catch (RuntimeException e) {
                log.error("task {} failed unexpectedly", taskId, e);
                error = json.writeValueAsString(problem(ProblemDetail.forStatusAndDetail(
                        HttpStatus.INTERNAL_SERVER_ERROR, "the task failed unexpectedly")));
            }
            // Storing the outcome may throw (Redis away): then the entry stays pending and is retried.
            if (result != null) {
                store.succeeded(taskId, json.writeValueAsString(result));
                completed.increment();
                outcome = "SUCCEEDED";
            } else {
                store.failed(taskId, error);
                failed.increment();
                outcome = "FAILED";
            }
            acknowledge(entry);
            log.info("task {} {}", taskId, outcome);
        } finally {
            renewal.cancel(false);
            MDC.remove(RequestIds.MDC_KEY);
            try {
                store.releaseLease(taskId, properties.consumerName());
            } catch (RuntimeException e) {
                log.debug("lease of task {} not released, it expires: {}", taskId, e.toString());
            }
        }
    }

    private static Map<String, Object> problem(ProblemDetail problem) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", problem.getStatus());
        error.put(
                "type",
                problem.getStatus() == 400 && problem.getType().toString().equals("about:blank")
                        ? ProblemTypes.INVALID_REQUEST.toString()
                        : problem.getStatus() >= 500
                                        && problem.getType().toString().equals("about:blank")
                                ? ProblemTypes.INTERNAL.toString()
                                : problem.getType().toString());
        if (problem.getTitle() != null) {
            error.put("title", problem.getTitle());
        }
        if (problem.getDetail() != null) {
            error.put("detail", problem.getDetail());
        }
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(error::putIfAbsent);
        }
        error.put("failedAt", Instant.now().toString());
        return error;
    }

    private void acknowledge(StreamEntry entry) {
        members.acknowledge(List.of(entry.id()));
    }

    private void traced(StreamEntry entry, Runnable work) {
        StreamTracing.inConsumerSpan(
                tracer.getIfAvailable(),
                propagator.getIfAvailable(),
                properties.stream(),
                entry,
                "run task",
                Map.of(),
                work::run);
    }

    private void pause() {
        try {
            Thread.sleep(properties.retryBackoff().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
