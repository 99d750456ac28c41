package dev.agentplatform.router.learning;

import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.Streams;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * One member of the {@code router-service} group on {@code platform.outcomes}, on a thread of its
 * own: applies each outcome to the shared success rates (idempotent by event id), tells the routing
 * history how the task's agent did, and acks only afterwards. Entries that can never be applied are
 * acked and counted; entries another member left pending past {@code claim-min-idle} are taken over.
 */
public class OutcomeStreamConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutcomeStreamConsumer.class);
    private static final String NO_MORE_PENDING = "0-0";

    private final StringRedisTemplate redis;
    private final SuccessRateTracker tracker;
    private final Consumer<OutcomeRecorded> history;
    private final LearningProperties properties;
    private final JsonMapper json;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter invalid;
    private volatile boolean running;
    private Thread worker;

    public OutcomeStreamConsumer(
            StringRedisTemplate redis,
            SuccessRateTracker tracker,
            Consumer<OutcomeRecorded> history,
            LearningProperties properties,
            JsonMapper json,
            MeterRegistry meters) {
        this.redis = redis;
        this.tracker = tracker;
        this.history = history;
        this.properties = properties;
        this.json = json;
        this.applied = outcomes(meters, "applied");
        this.duplicates = outcomes(meters, "duplicate");
        this.invalid = outcomes(meters, "invalid");
    }

    private static Counter outcomes(MeterRegistry meters, String result) {
        return Counter.builder("router.outcomes")
                .description("Outcome stream entries handled, by result")
                .tag("result", result)
                .register(meters);
    }

    @Override
    public void start() {
        if (!properties.enabled() || running) {
            return;
        }
        running = true;
        worker = new Thread(this::run, "outcome-stream-consumer");
        worker.setDaemon(true);
        worker.start();
        log.info("consuming {} as {} in group {}", properties.stream(), properties.consumerName(), properties.group());
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = worker;
        if (thread == null) {
            return;
        }
        try {
            thread.join(properties.block().plusSeconds(3).toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        boolean groupReady = false;
        boolean ownPendingFirst = true;
        Instant nextClaim = Instant.MIN;
        while (running) {
            try {
                if (!groupReady) {
                    ensureGroup();
                    groupReady = true;
                }
                if (!Instant.now().isBefore(nextClaim)) {
                    reclaimAbandoned();
                    nextClaim = Instant.now().plus(properties.claimMinIdle());
                }
                if (ownPendingFirst) {
                    List<Entry> pending = read(ReadOffset.from("0"), false);
                    ownPendingFirst = !pending.isEmpty();
                    pending.forEach(this::handle);
                } else {
                    read(ReadOffset.lastConsumed(), true).forEach(this::handle);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (mentions(e, "NOGROUP")) {
                    groupReady = false;
                } else {
                    log.warn(
                            "outcome stream consumption failed, retrying in {}: {}",
                            properties.retryBackoff(),
                            e.toString());
                }
                ownPendingFirst = true;
                pause();
            }
        }
    }

    private void ensureGroup() {
        try {
            redis.opsForStream().createGroup(properties.stream(), ReadOffset.from("0"), properties.group());
        } catch (RuntimeException e) {
            if (!mentions(e, "BUSYGROUP")) {
                throw e;
            }
        }
    }

    private List<Entry> read(ReadOffset offset, boolean block) {
        StreamReadOptions options = StreamReadOptions.empty().count(properties.batchSize());
        if (block) {
            options = options.block(properties.block());
        }
        List<MapRecord<String, Object, Object>> records = redis.opsForStream()
                .read(
                        org.springframework.data.redis.connection.stream.Consumer.from(
                                properties.group(), properties.consumerName()),
                        options,
                        StreamOffset.create(properties.stream(), offset));
        List<Entry> entries = new ArrayList<>();
        if (records != null) {
            for (MapRecord<String, Object, Object> record : records) {
                Map<String, String> fields = new LinkedHashMap<>();
                if (record.getValue() != null) {
                    record.getValue().forEach((k, v) -> fields.put(String.valueOf(k), String.valueOf(v)));
                }
                entries.add(new Entry(record.getId().getValue(), fields));
            }
        }
        return entries;
    }

    @SuppressWarnings("unchecked")
    private void reclaimAbandoned() {
        String cursor = NO_MORE_PENDING;
        do {
            XAutoClaimArgs<byte[]> args = XAutoClaimArgs.Builder.xautoclaim(
                            io.lettuce.core.Consumer.from(bytes(properties.group()), bytes(properties.consumerName())),
                            properties.claimMinIdle(),
                            cursor)
                    .count(properties.batchSize());
            ClaimedMessages<byte[], byte[]> result =
                    redis.execute((RedisCallback<ClaimedMessages<byte[], byte[]>>) connection -> {
                        var lettuce = (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
                        return io.lettuce.core.LettuceFutures.awaitOrCancel(
                                lettuce.xautoclaim(bytes(properties.stream()), args), 30, TimeUnit.SECONDS);
                    });
            if (result == null) {
                return;
            }
            result.getMessages().forEach(message -> {
                Map<String, String> fields = new LinkedHashMap<>();
                if (message.getBody() != null) {
                    message.getBody()
                            .forEach((k, v) -> fields.put(
                                    new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8)));
                }
                handle(new Entry(message.getId(), fields));
            });
            cursor = result.getId();
        } while (running && !NO_MORE_PENDING.equals(cursor));
    }

    private void handle(Entry entry) {
        OutcomeRecorded outcome = parse(entry);
        if (outcome == null) {
            invalid.increment();
            acknowledge(entry);
            return;
        }
        if (tracker.apply(outcome)) {
            applied.increment();
            try {
                history.accept(outcome);
            } catch (RuntimeException e) {
                // the history is a record, not the learning itself: losing one outcome there is acceptable
                log.debug("routing history could not take outcome {}: {}", outcome.eventId(), e.toString());
            }
        } else {
            duplicates.increment();
        }
        acknowledge(entry);
    }

    private OutcomeRecorded parse(Entry entry) {
        String payload = entry.fields().get(Streams.FIELD_PAYLOAD);
        if (payload == null) {
            return null;
        }
        try {
            OutcomeRecorded outcome = json.readValue(payload, OutcomeRecorded.class);
            if (outcome.agent() == null || outcome.agent().isBlank()) {
                return null;
            }
            String eventId = outcome.eventId() != null && !outcome.eventId().isBlank()
                    ? outcome.eventId()
                    : entry.fields().getOrDefault(Streams.FIELD_EVENT_ID, entry.id());
            return new OutcomeRecorded(
                    eventId,
                    outcome.taskId(),
                    outcome.agent(),
                    outcome.success(),
                    outcome.latencyMs(),
                    outcome.errorKind(),
                    outcome.occurredAt());
        } catch (RuntimeException e) {
            log.warn("outcome entry {} is not an OutcomeRecorded: {}", entry.id(), e.getMessage());
            return null;
        }
    }

    private void acknowledge(Entry entry) {
        redis.opsForStream().acknowledge(properties.stream(), properties.group(), entry.id());
    }

    private void pause() {
        try {
            Thread.sleep(properties.retryBackoff().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static boolean mentions(Throwable e, String code) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(code)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private record Entry(String id, Map<String, String> fields) {}
}
