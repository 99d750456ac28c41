package dev.agentplatform.cost.ingest;

import dev.agentplatform.common.Streams;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.cost.ledger.UsageLedger;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One consumer-group member on a single background thread: reads new entries, books each into the
 * ledger and acks it only afterwards (at-least-once; the ledger makes redelivery harmless).
 *
 * <p>Failures that retrying can fix (Redis or PostgreSQL unreachable) leave the entry pending and
 * the loop backs off, then rereads its own pending entries first. Entries that can never be booked
 * are copied to the dead-letter stream and acked. Entries another member left pending longer than
 * {@code claim-min-idle} are taken over with XAUTOCLAIM at start and every {@code claim-interval}.
 */
@Component
class UsageStreamConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageStreamConsumer.class);
    private static final String NO_MORE_PENDING = "0-0";

    private final StringRedisTemplate redis;
    private final UsageLedger ledger;
    private final UsageStreamProperties properties;
    private final UsageEventParser parser;
    private final Clock clock;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;
    private final DistributionSummary costPerRequest;
    private final Counter booked;
    private final Counter duplicates;
    private final Counter deadLettered;

    private volatile boolean running;
    private Thread worker;

    UsageStreamConsumer(
            StringRedisTemplate redis,
            UsageLedger ledger,
            UsageStreamProperties properties,
            JsonMapper json,
            Clock clock,
            MeterRegistry meters,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        this.redis = redis;
        this.ledger = ledger;
        this.properties = properties;
        this.parser = new UsageEventParser(json, clock);
        this.clock = clock;
        this.tracer = tracer;
        this.propagator = propagator;
        this.costPerRequest = DistributionSummary.builder("cost.per.request")
                .description("Cost of each booked usage event (one LLM or tool call)")
                .baseUnit("dollars")
                .serviceLevelObjectives(0.0001, 0.001, 0.01, 0.1, 1.0)
                .register(meters);
        this.booked = events(meters, "booked");
        this.duplicates = events(meters, "duplicate");
        this.deadLettered = events(meters, "dead_lettered");
    }

    private static Counter events(MeterRegistry meters, String outcome) {
        return Counter.builder("cost.usage.events")
                .description("Usage stream entries handled, by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public void start() {
        if (!properties.enabled() || running) {
            return;
        }
        running = true;
        worker = new Thread(this::run, "usage-stream-consumer");
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
            // A read blocks for at most `block`; let the current one and its batch finish.
            thread.join(properties.block().plusSeconds(5).toMillis());
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
        // Own pending entries first: with a configured, stable consumer name they may be left over
        // from this instance's previous run; after a failure they are what was not acked.
        boolean ownPendingFirst = true;
        Instant nextClaim = Instant.MIN;
        while (running) {
            try {
                if (!groupReady) {
                    ensureGroup();
                    groupReady = true;
                }
                if (!clock.instant().isBefore(nextClaim)) {
                    reclaimAbandoned();
                    nextClaim = clock.instant().plus(properties.claimInterval());
                }
                if (ownPendingFirst) {
                    List<UsageEntry> pending = read(ReadOffset.from("0"), false);
                    if (pending.isEmpty()) {
                        ownPendingFirst = false;
                    }
                    handleAll(pending);
                } else {
                    handleAll(read(ReadOffset.lastConsumed(), true));
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (isMissingGroup(e)) {
                    // The stream or group was deleted under us (e.g. a FLUSHDB); recreate and go on.
                    log.warn("consumer group {} on {} is gone; recreating it", properties.group(), properties.stream());
                    groupReady = false;
                } else {
                    log.warn(
                            "usage stream consumption failed, retrying in {}: {}",
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
            // From the stream's start: events published before the group existed are booked too.
            redis.opsForStream().createGroup(properties.stream(), ReadOffset.from("0"), properties.group());
            log.info("created consumer group {} on {}", properties.group(), properties.stream());
        } catch (RuntimeException e) {
            if (!mentions(e, "BUSYGROUP")) {
                throw e;
            }
        }
    }

    private List<UsageEntry> read(ReadOffset offset, boolean block) {
        StreamReadOptions options = StreamReadOptions.empty().count(properties.batchSize());
        if (block) {
            options = options.block(properties.block());
        }
        List<MapRecord<String, Object, Object>> records = redis.opsForStream()
                .read(
                        Consumer.from(properties.group(), properties.consumerName()),
                        options,
                        StreamOffset.create(properties.stream(), offset));
        List<UsageEntry> entries = new ArrayList<>(records == null ? 0 : records.size());
        if (records != null) {
            for (MapRecord<String, Object, Object> record : records) {
                Map<String, String> fields = new LinkedHashMap<>();
                if (record.getValue() != null) {
                    record.getValue().forEach((key, value) -> fields.put(String.valueOf(key), String.valueOf(value)));
                }
                entries.add(new UsageEntry(record.getId().getValue(), fields));
            }
        }
        return entries;
    }

    /** Takes over and books entries other consumers left pending longer than {@code claim-min-idle}. */
    private void reclaimAbandoned() {
        String cursor = NO_MORE_PENDING;
        int claimed = 0;
        do {
            ClaimedMessages<byte[], byte[]> result = autoClaim(cursor);
            List<UsageEntry> entries = new ArrayList<>();
            result.getMessages().forEach(message -> {
                Map<String, String> fields = new LinkedHashMap<>();
                if (message.getBody() != null) {
                    message.getBody().forEach((key, value) -> fields.put(utf8(key), utf8(value)));
                }
                entries.add(new UsageEntry(message.getId(), fields));
            });
            claimed += entries.size();
            handleAll(entries);
            cursor = result.getId();
        } while (running && !NO_MORE_PENDING.equals(cursor));
        if (claimed > 0) {
            log.info("reclaimed {} usage entries abandoned by other consumers", claimed);
        }
    }

    // Spring Data Redis has no XAUTOCLAIM; Lettuce's own command is used on the template's connection.
    @SuppressWarnings("unchecked")
    private ClaimedMessages<byte[], byte[]> autoClaim(String cursor) {
        XAutoClaimArgs<byte[]> args = XAutoClaimArgs.Builder.xautoclaim(
                        io.lettuce.core.Consumer.from(bytes(properties.group()), bytes(properties.consumerName())),
                        properties.claimMinIdle(),
                        cursor)
                .count(properties.batchSize());
        return redis.execute((RedisCallback<ClaimedMessages<byte[], byte[]>>) connection -> {
            var lettuce = (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
            return io.lettuce.core.LettuceFutures.awaitOrCancel(
                    lettuce.xautoclaim(bytes(properties.stream()), args), 30, TimeUnit.SECONDS);
        });
    }

    private void handleAll(List<UsageEntry> entries) {
        for (UsageEntry entry : entries) {
            traced(entry, () -> handle(entry));
        }
    }

    private void handle(UsageEntry entry) {
        if (entry.fields().isEmpty()) {
            // Deleted from the stream while pending (XDEL, MAXLEN): nothing left to book.
            acknowledge(entry);
            return;
        }
        UsageRecorded event;
        try {
            event = parser.parse(entry.fields());
        } catch (InvalidUsageEvent e) {
            deadLetter(entry, e.getMessage());
            return;
        }
        boolean isNew;
        try {
            isNew = ledger.book(event, entry.fields().get(Streams.FIELD_TRACEPARENT));
        } catch (DataIntegrityViolationException e) {
            // The database refuses this row (e.g. a cost beyond numeric(18,8)); it always will.
            deadLetter(
                    entry, "rejected by the ledger: " + e.getMostSpecificCause().getMessage());
            return;
        }
        acknowledge(entry);
        if (isNew) {
            booked.increment();
            costPerRequest.record(event.costUsd().doubleValue());
        } else {
            duplicates.increment();
            log.debug("usage event {} was already booked", event.eventId());
        }
    }

    private void deadLetter(UsageEntry entry, String reason) {
        Map<String, String> fields = new LinkedHashMap<>(entry.fields());
        fields.put("reason", reason);
        fields.put("sourceStream", properties.stream());
        fields.put("sourceId", entry.id());
        redis.opsForStream()
                .add(
                        StreamRecords.newRecord()
                                .in(properties.deadLetterStream())
                                .ofMap(fields),
                        XAddOptions.maxlen(properties.deadLetterMaxLength()).approximateTrimming(true));
        acknowledge(entry);
        deadLettered.increment();
        log.warn("usage entry {} moved to {}: {}", entry.id(), properties.deadLetterStream(), reason);
    }

    private void acknowledge(UsageEntry entry) {
        redis.opsForStream().acknowledge(properties.stream(), properties.group(), entry.id());
    }

    /** Continues the producer's trace (its {@code traceparent} field) while the entry is handled. */
    private void traced(UsageEntry entry, Runnable work) {
        Tracer tracer = this.tracer.getIfAvailable();
        Propagator propagator = this.propagator.getIfAvailable();
        if (tracer == null || propagator == null) {
            work.run();
            return;
        }
        Span span = propagator
                .extract(entry.fields(), Map::get)
                .name("book usage")
                .kind(Span.Kind.CONSUMER)
                .tag("messaging.destination.name", properties.stream())
                .tag("messaging.message.id", entry.id())
                .start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            work.run();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private void pause() {
        try {
            Thread.sleep(properties.retryBackoff().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static boolean isMissingGroup(Throwable e) {
        return mentions(e, "NOGROUP");
    }

    private static boolean mentions(Throwable e, String errorCode) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(errorCode)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** A stream entry: its id and fields, whichever API read it. */
    record UsageEntry(String id, Map<String, String> fields) {}
}
