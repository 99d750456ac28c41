package dev.agentplatform.support.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One consumer-group member on a thread of its own (Lettuce through Spring Data Redis):
 *
 * <ul>
 *   <li>creates the group from the stream's start (MKSTREAM), again if it vanishes (NOGROUP);
 *   <li>reads its own pending entries first (left from a failure or an earlier life), then new
 *       ones, {@code batchSize} at a time, blocking up to {@code block}; after a batch that was not
 *       full it waits {@code linger} before the next read, so a busy stream is read in batches;
 *   <li>hands each batch to the {@link StreamHandler} inside a consumer span that continues the
 *       entries' {@code traceparent}s ({@link StreamTracing#inBatchSpan}), and acks it afterwards
 *       (rejected entries are dead-lettered);
 *   <li>when the handler throws a transient failure (database or Redis unreachable) it pauses and
 *       retries the same batch; any other failure is retried entry by entry, and an entry still
 *       failing after {@code maxDeliveries} deliveries goes to the dead-letter stream with the
 *       reason;
 *   <li>every {@code claimInterval} takes over (XAUTOCLAIM) entries other members left pending
 *       longer than {@code claimMinIdle};
 *   <li>stops after the current read and batch.
 * </ul>
 *
 * Metrics, tagged {@code stream} and {@code group}: {@code platform.stream.lag} and
 * {@code platform.stream.pending} (gauges, refreshed about once a second),
 * {@code platform.stream.processed}, {@code platform.stream.dead_lettered} and
 * {@code platform.stream.claimed} (counters).
 */
public class StreamConsumerRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamConsumerRunner.class);
    private static final String NO_MORE_PENDING = "0-0";
    private static final long GAUGE_REFRESH_MILLIS = 1_000;

    private final ConsumerGroup members;
    private final StreamConsumerSettings settings;
    private final StreamHandler handler;
    private final Tracer tracer;
    private final Propagator propagator;
    private volatile Predicate<Throwable> transientFailure = StreamConsumerRunner::isTransient;
    private final Counter processed;
    private final Counter deadLettered;
    private final Counter claimed;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();

    private volatile boolean running;
    private Thread worker;
    private List<StreamEntry> retry = List.of();
    private long gaugesRefreshed;

    /**
     * @param tracer and {@code propagator} continue the producers' traces; {@code null} for none
     */
    public StreamConsumerRunner(
            StringRedisTemplate redis,
            StreamConsumerSettings settings,
            StreamHandler handler,
            MeterRegistry meters,
            Tracer tracer,
            Propagator propagator) {
        this.members = new ConsumerGroup(redis, settings.stream(), settings.group(), settings.consumerName());
        this.settings = settings;
        this.handler = handler;
        this.tracer = tracer;
        this.propagator = propagator;
        Tags tags = Tags.of("stream", settings.stream(), "group", settings.group());
        this.processed = Counter.builder("platform.stream.processed")
                .description("Stream entries handled and acked")
                .tags(tags)
                .register(meters);
        this.deadLettered = Counter.builder("platform.stream.dead_lettered")
                .description("Stream entries moved to the dead-letter stream")
                .tags(tags)
                .register(meters);
        this.claimed = Counter.builder("platform.stream.claimed")
                .description("Stream entries taken over from other consumers")
                .tags(tags)
                .register(meters);
        Gauge.builder("platform.stream.lag", lag, AtomicLong::get)
                .description("Entries in the stream not yet delivered to the group")
                .tags(tags)
                .register(meters);
        Gauge.builder("platform.stream.pending", pending, AtomicLong::get)
                .description("Entries delivered to the group and not yet acked")
                .tags(tags)
                .register(meters);
    }

    /**
     * Replaces what counts as a transient failure (retried as a batch, never dead-lettered); by
     * default {@link #isTransient}. Call before {@link #start()}.
     */
    public StreamConsumerRunner transientFailures(Predicate<Throwable> predicate) {
        this.transientFailure = predicate;
        return this;
    }

    /** What the runner reads. */
    public StreamConsumerSettings settings() {
        return settings;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker = new Thread(this::run, settings.stream() + "-consumer");
        worker.setDaemon(true);
        worker.start();
        log.info("consuming {} as {} in group {}", settings.stream(), settings.consumerName(), settings.group());
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread thread = worker;
        if (thread == null) {
            return;
        }
        try {
            // A read blocks for at most `block`; let it and its batch finish.
            thread.join(settings.block().plusSeconds(5).toMillis());
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
                refreshGauges();
                if (!retry.isEmpty()) {
                    List<StreamEntry> again = retry;
                    retry = List.of();
                    process(again, false);
                    continue;
                }
                if (!Instant.now().isBefore(nextClaim)) {
                    reclaimAbandoned();
                    nextClaim = Instant.now().plus(settings.claimInterval());
                }
                if (ownPendingFirst) {
                    List<StreamEntry> own = members.readOwnPending(settings.batchSize());
                    if (own.isEmpty()) {
                        ownPendingFirst = false;
                    } else {
                        process(own, true);
                    }
                } else {
                    List<StreamEntry> batch = members.readNew(settings.batchSize(), settings.block());
                    process(batch, false);
                    if (!batch.isEmpty() && batch.size() < settings.batchSize()) {
                        linger();
                    }
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (ConsumerGroup.isMissingGroup(e)) {
                    log.warn("consumer group {} on {} is gone; recreating it", settings.group(), settings.stream());
                    groupReady = false;
                } else if (!(e instanceof HandlingFailed)) {
                    log.warn(
                            "consuming {} failed, retrying in {}: {}",
                            settings.stream(),
                            settings.retryBackoff(),
                            e.toString());
                }
                ownPendingFirst = true;
                pause();
            }
        }
    }

    private void ensureGroup() {
        if (members.create()) {
            log.info("created consumer group {} on {}", settings.group(), settings.stream());
        }
    }

    /** Takes over and handles entries other members left pending longer than {@code claimMinIdle}. */
    private void reclaimAbandoned() {
        String cursor = ConsumerGroup.FROM_START;
        ConsumerGroup.Claimed claim;
        do {
            claim = members.claimIdle(settings.claimMinIdle(), cursor, settings.batchSize());
            if (!claim.entries().isEmpty()) {
                claimed.increment(claim.entries().size());
                log.info(
                        "took over {} entries of {} from other consumers",
                        claim.entries().size(),
                        settings.stream());
                process(claim.entries(), true);
            }
            cursor = claim.next();
        } while (running && !claim.done());
    }

    /**
     * Handles entries read again (own pending, claimed) or new; entries delivered more than {@code
     * maxDeliveries} times are dead-lettered first.
     */
    private void process(List<StreamEntry> entries, boolean redelivered) {
        if (entries.isEmpty()) {
            return;
        }
        List<StreamEntry> live = new ArrayList<>(entries.size());
        Map<String, Long> deliveries = redelivered ? members.deliveries(entries) : Map.of();
        List<String> gone = new ArrayList<>();
        for (StreamEntry entry : entries) {
            long delivered = deliveries.getOrDefault(entry.id(), 1L);
            if (entry.fields().isEmpty()) {
                // deleted from the stream while pending (XDEL, MAXLEN): nothing left to handle
                gone.add(entry.id());
            } else if (delivered > settings.maxDeliveries()) {
                deadLetter(entry, "failed " + (delivered - 1) + " deliveries");
            } else {
                live.add(entry);
            }
        }
        acknowledge(gone);
        if (live.isEmpty()) {
            return;
        }
        try {
            handleBatch(live);
        } catch (Exception e) {
            if (transientFailure.test(e)) {
                retry = live;
                log.warn(
                        "handling {} entries of {} failed, retrying in {}: {}",
                        live.size(),
                        settings.stream(),
                        settings.retryBackoff(),
                        e.toString());
                throw new HandlingFailed(e);
            }
            oneByOne(live, e);
        }
    }

    /** After a batch failed for a reason not known to be transient: each entry alone, so one bad entry fails alone. */
    private void oneByOne(List<StreamEntry> entries, Exception batchFailure) {
        if (entries.size() == 1) {
            log.warn("entry {} of {} failed: {}", entries.get(0).id(), settings.stream(), batchFailure.toString());
            throw new HandlingFailed(batchFailure);
        }
        boolean failed = false;
        for (int i = 0; i < entries.size(); i++) {
            StreamEntry entry = entries.get(i);
            try {
                handleBatch(List.of(entry));
            } catch (Exception e) {
                if (transientFailure.test(e)) {
                    retry = entries.subList(i, entries.size());
                    throw new HandlingFailed(e);
                }
                // left pending: read again after the pause, dead-lettered once it was delivered too often
                log.warn("entry {} of {} failed: {}", entry.id(), settings.stream(), e.toString());
                failed = true;
            }
        }
        if (failed) {
            throw new HandlingFailed(batchFailure);
        }
    }

    private void handleBatch(List<StreamEntry> entries) throws Exception {
        StreamBatch batch = new StreamBatch(entries);
        traced(entries, () -> handler.handle(batch));
        List<String> acked = new ArrayList<>(entries.size());
        for (StreamEntry entry : entries) {
            String reason = batch.rejected().get(entry.id());
            if (reason == null) {
                acked.add(entry.id());
            } else {
                deadLetter(entry, reason);
            }
        }
        acknowledge(acked);
        processed.increment(acked.size());
    }

    private void deadLetter(StreamEntry entry, String reason) {
        members.deadLetter(entry, reason, settings.deadLetterStream(), settings.deadLetterMaxLength());
        deadLettered.increment();
        log.warn("entry {} of {} moved to {}: {}", entry.id(), settings.stream(), settings.deadLetterStream(), reason);
    }

    private void acknowledge(List<String> ids) {
        members.acknowledge(ids);
    }

    /** Lag and pending of the group, from XINFO GROUPS, at most about once a second. */
    private void refreshGauges() {
        long now = System.currentTimeMillis();
        if (now - gaugesRefreshed < GAUGE_REFRESH_MILLIS) {
            return;
        }
        gaugesRefreshed = now;
        Map<String, Object> info;
        try {
            info = members.info();
        } catch (RuntimeException e) {
            // the gauges keep their last values; reading finds out what is wrong
            log.debug("could not read the group info of {}: {}", settings.stream(), e.toString());
            return;
        }
        if (info == null) {
            return;
        }
        if (info.get("pending") instanceof Long p) {
            pending.set(p);
        }
        if (info.get("lag") instanceof Long l) {
            lag.set(l);
        }
    }

    /** Runs {@code work} in a consumer span continuing the entries' traces. */
    private void traced(List<StreamEntry> entries, StreamTracing.Work<Exception> work) throws Exception {
        StreamTracing.inBatchSpan(
                tracer,
                propagator,
                settings.stream(),
                entries,
                settings.stream() + " process",
                Map.of(
                        "messaging.consumer.group.name",
                        settings.group(),
                        "messaging.batch.message_count",
                        String.valueOf(entries.size())),
                work);
    }

    private void linger() {
        sleep(settings.linger());
    }

    private void pause() {
        sleep(settings.retryBackoff());
    }

    /** Sleeps, unless {@code duration} is zero; an interrupt stops the runner. */
    private void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Database or Redis unreachable, timeouts: retrying the same batch later can succeed. */
    public static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof RecoverableDataAccessException) {
                return true;
            }
        }
        return false;
    }

    /** A batch that failed and was left for a retry; the loop pauses without logging it again. */
    private static final class HandlingFailed extends RuntimeException {
        HandlingFailed(Throwable cause) {
            super(cause);
        }
    }
}
