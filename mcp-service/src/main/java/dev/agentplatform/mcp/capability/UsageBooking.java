package dev.agentplatform.mcp.capability;

import dev.agentplatform.common.CapabilityResult;
import dev.agentplatform.common.Streams;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.support.RequestIds;
import dev.agentplatform.support.security.ServiceCaller;
import dev.agentplatform.support.stream.TraceParents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Books each priced tool call to {@code platform.usage} for the user the call acts for (the service token's user),
 * so tool costs count toward that user's budget: provider {@code mcp:<server>}, model the server's tool, agent
 * {@code capability:<name>}, no tokens. A call for no user, or a free one, books nothing. Nor does a call the
 * orchestrator makes within a task: it holds the task's worst case before and books the tool calls it made with the
 * task's usage, so booking them here too would charge the user twice. One that cannot be published (Redis down) is
 * logged and counted, not failed: the call was made.
 *
 * <p>What only the caller's thread knows (user, request id, trace) is taken there; the event is made and published
 * by one thread of the booking's own, so a call's answer does not wait for a Redis round trip (bench/mcp: the synchronous XADD was most of the
 * router's tail latency). At most {@value #QUEUED} events wait; beyond that the caller publishes its own, so nothing
 * is dropped. Waiting events are published before the service stops.
 */
@Component
class UsageBooking {

    private static final Logger log = LoggerFactory.getLogger(UsageBooking.class);
    static final String UNBOOKED_METRIC = "mcp.usage.unbooked";
    /** The service that books the capability calls of its tasks itself. */
    static final String ORCHESTRATOR = "orchestrator-service";

    static final int QUEUED = 10_000;
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final Counter unbooked;
    private final TraceParents traceParents;
    private final ThreadPoolExecutor publisher;

    UsageBooking(StringRedisTemplate redis, JsonMapper json, MeterRegistry meters, TraceParents traceParents) {
        this.redis = redis;
        this.json = json;
        this.traceParents = traceParents;
        this.unbooked = Counter.builder(UNBOOKED_METRIC)
                .description("Priced tool calls whose usage event could not be published")
                .register(meters);
        this.publisher = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUED),
                task -> {
                    Thread thread = new Thread(task, "mcp-usage-booking");
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** Publishes the events still waiting, for at most {@link #DRAIN}. */
    @PreDestroy
    void drain() throws InterruptedException {
        publisher.shutdown();
        if (!publisher.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn(
                    "{} usage events not booked at shutdown",
                    publisher.getQueue().size());
        }
    }

    void book(CapabilityResult result, String serverTool) {
        ServiceCaller caller = ServiceCaller.current().orElse(null);
        String userId = caller == null ? null : caller.userId();
        if (userId == null
                || ORCHESTRATOR.equals(caller.service())
                || result.costUsd() == null
                || result.costUsd().signum() <= 0) {
            return;
        }
        // what only the caller's thread knows; the event is made and published on the booking thread
        String requestId = MDC.get(RequestIds.MDC_KEY);
        String traceparent = traceParents.current();
        Instant at = Instant.now();
        Runnable booking = () -> publish(
                new UsageRecorded(
                        UUID.randomUUID().toString(),
                        requestId,
                        requestId,
                        userId,
                        "capability:" + result.capability(),
                        "mcp:" + result.server(),
                        serverTool,
                        0,
                        0,
                        result.costUsd(),
                        at),
                traceparent);
        try {
            publisher.execute(booking);
        } catch (RejectedExecutionException e) {
            // shutting down: publish it here
            booking.run();
        }
    }

    private void publish(UsageRecorded event, String traceparent) {
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put(Streams.FIELD_EVENT_ID, event.eventId());
            fields.put(Streams.FIELD_PAYLOAD, json.writeValueAsString(event));
            fields.put(Streams.FIELD_TRACEPARENT, traceparent);
            redis.opsForStream().add(Streams.USAGE, fields);
        } catch (RuntimeException e) {
            unbooked.increment();
            log.warn(
                    "could not book usage {} of {} for {}: {}",
                    event.eventId(),
                    event.agent(),
                    event.userId(),
                    e.toString());
        }
    }
}
