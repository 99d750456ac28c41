package dev.agentplatform.memory.ingest;

import dev.agentplatform.common.Streams;
import dev.agentplatform.support.stream.StreamBatch;
import dev.agentplatform.support.stream.StreamEntry;
import dev.agentplatform.support.stream.TraceParents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StreamOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox between an accepted write and the WARM and COLD tiers: one Redis stream entry per
 * write, read by {@link IngestStreamConsumer}, which indexes it into WARM and then hands it over
 * to the COLD stream (when the COLD tier is on), read by {@link ColdStreamConsumer}. An entry is
 * deleted from a stream once its tier has it, so the two streams hold exactly what is still
 * pending: what {@link #pending} counts and what {@link #forget} deletes (a forgotten user's text
 * must not wait there to be indexed, nor linger).
 */
@Component
public class IngestQueue {

    static final String FIELD_USER = "user";
    static final String FIELD_EVENT_ID = "eventId";
    static final String FIELD_PAYLOAD = "payload";
    static final String FIELD_COUNT = "messages";

    private static final int PAGE = 1_000;

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final IngestProperties properties;
    private final TraceParents traceParents;

    IngestQueue(StringRedisTemplate redis, JsonMapper json, IngestProperties properties, TraceParents traceParents) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        this.traceParents = traceParents;
    }

    /**
     * Queues a write; once this returns it is durable in Redis and will be indexed, in a span of the
     * writer's trace.
     */
    public void enqueue(MemoriesAccepted write) {
        add(properties.stream(), write);
    }

    /**
     * Queues writes WARM has indexed for the COLD tier's extraction, in one pipelined round trip (a
     * batch's hand-over used to cost one round trip per write).
     */
    void handOverToCold(List<MemoriesAccepted> writes) {
        if (writes.isEmpty()) {
            return;
        }
        String traceParent = traceParents.current();
        List<MapRecord<String, String, String>> records = writes.stream()
                .map(write -> record(properties.coldStream(), write, traceParent))
                .toList();
        pipelined(streams -> records.forEach(streams::add));
    }

    /** Runs {@code commands} on the stream operations of one pipeline; their replies, in order. */
    private List<Object> pipelined(Consumer<StreamOperations<String, Object, Object>> commands) {
        return redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Object execute(RedisOperations<K, V> operations) {
                commands.accept((StreamOperations<String, Object, Object>) operations.opsForStream());
                return null;
            }
        });
    }

    private void add(String stream, MemoriesAccepted write) {
        redis.opsForStream().add(record(stream, write, traceParents.current()));
    }

    private MapRecord<String, String, String> record(String stream, MemoriesAccepted write, String traceParent) {
        return StreamRecords.newRecord()
                .in(stream)
                .ofMap(Map.of(
                        FIELD_USER,
                        write.userId(),
                        FIELD_EVENT_ID,
                        UUID.randomUUID().toString(),
                        FIELD_COUNT,
                        Integer.toString(write.messages().size()),
                        FIELD_PAYLOAD,
                        json.writeValueAsString(write),
                        Streams.FIELD_TRACEPARENT,
                        traceParent));
    }

    /**
     * What of the user still waits to be indexed.
     *
     * @param messages messages accepted and not yet searchable
     * @param oldest when the oldest of them was accepted, or {@code null} when none waits
     */
    public record Pending(long messages, Instant oldest) {}

    /** What of the user waits for any tier: for WARM, or indexed there and waiting for COLD. */
    public Pending pending(String userId) {
        Pending warm = pendingWarm(userId);
        Pending cold = pendingCold(userId);
        Instant oldest = warm.oldest() == null
                ? cold.oldest()
                : cold.oldest() == null || warm.oldest().isBefore(cold.oldest()) ? warm.oldest() : cold.oldest();
        return new Pending(warm.messages() + cold.messages(), oldest);
    }

    /** What of the user waits for the WARM index. */
    public Pending pendingWarm(String userId) {
        return pendingIn(properties.stream(), userId);
    }

    /** What of the user is in WARM and waits for the COLD tier's extraction. */
    public Pending pendingCold(String userId) {
        return pendingIn(properties.coldStream(), userId);
    }

    private Pending pendingIn(String stream, String userId) {
        long count = 0;
        Instant oldest = null;
        for (MapRecord<String, Object, Object> entry : entriesOf(stream, userId)) {
            count += Long.parseLong(String.valueOf(entry.getValue().getOrDefault(FIELD_COUNT, "0")));
            if (oldest == null) {
                oldest = Instant.ofEpochMilli(entry.getId().getTimestamp());
            }
        }
        return new Pending(count, oldest);
    }

    /** Messages of the user's writes that kept failing and wait in the dead-letter stream. */
    public long deadLettered(String userId) {
        long count = 0;
        for (String stream : List.of(properties.deadLetterStream(), properties.coldDeadLetterStream())) {
            for (MapRecord<String, Object, Object> entry : entriesOf(stream, userId)) {
                count += Long.parseLong(String.valueOf(entry.getValue().getOrDefault(FIELD_COUNT, "0")));
            }
        }
        return count;
    }

    /** Deletes the user's entries from the streams and their dead letters; returns how many messages they held. */
    public long forget(String userId) {
        long messages = 0;
        for (String stream : List.of(
                properties.stream(),
                properties.deadLetterStream(),
                properties.coldStream(),
                properties.coldDeadLetterStream())) {
            List<MapRecord<String, Object, Object>> entries = entriesOf(stream, userId);
            if (!entries.isEmpty()) {
                for (MapRecord<String, Object, Object> entry : entries) {
                    messages += Long.parseLong(String.valueOf(entry.getValue().getOrDefault(FIELD_COUNT, "0")));
                }
                redis.opsForStream()
                        .delete(stream, entries.stream().map(MapRecord::getId).toArray(RecordId[]::new));
            }
        }
        return messages;
    }

    /**
     * The write an entry of either stream holds, or {@code null} when there is none to handle: the
     * entry was already handled and deleted (a crash kept it from being acknowledged) or forgotten,
     * or it is not a write at all (then rejected to the dead letters, never retried).
     */
    MemoriesAccepted read(StreamBatch batch, StreamEntry entry) {
        if (entry.fields().isEmpty()) {
            return null;
        }
        try {
            return json.readValue(entry.fields().get(FIELD_PAYLOAD), MemoriesAccepted.class);
        } catch (JacksonException | IllegalArgumentException e) {
            batch.reject(entry, "not a memory write: " + e.getMessage());
            return null;
        }
    }

    /**
     * Most messages in one run of {@link #runs}: one WARM index commit (its memories embedded and
     * held at once, 1.5 MB of vectors) or one COLD graph transaction.
     */
    static final int RUN_SIZE = 1_024;

    /**
     * {@code entries} in order, cut into runs holding at most {@code most} messages each (an entry
     * with more is a run of its own): what one index commit or one graph transaction takes, so that a
     * batch of large writes does not hold all their embeddings, or one transaction all their facts,
     * at once.
     */
    static <T> List<List<T>> runs(List<T> entries, ToIntFunction<T> messages, int most) {
        List<List<T>> runs = new ArrayList<>();
        int from = 0;
        int held = 0;
        for (int i = 0; i < entries.size(); i++) {
            int size = messages.applyAsInt(entries.get(i));
            if (i > from && held + size > most) {
                runs.add(entries.subList(from, i));
                from = i;
                held = 0;
            }
            held += size;
        }
        if (from < entries.size()) {
            runs.add(entries.subList(from, entries.size()));
        }
        return runs;
    }

    /** An entry of an ingest stream read by a tier's consumer, for the user it belongs to. */
    interface Queued {
        StreamEntry entry();

        String userId();
    }

    /**
     * Holding the locks of every user among {@code entries}: keeps those still in {@code stream} (not
     * forgotten meanwhile), hands them to {@code write} at once, then deletes them from the stream.
     * A forget waits for the locks, so it never lands between the write and the delete; a crash before
     * the delete leaves the entries to be delivered again.
     *
     * @return the entries written
     */
    <T extends Queued> List<T> writeStillQueued(
            String stream, List<T> entries, UserLocks locks, Consumer<List<T>> write) {
        return locks.holding(entries.stream().map(Queued::userId).toList(), () -> {
            Set<String> queued = stillQueued(
                    stream, entries.stream().map(e -> e.entry().id()).toList());
            List<T> live = entries.stream()
                    .filter(e -> queued.contains(e.entry().id()))
                    .toList();
            if (!live.isEmpty()) {
                write.accept(live);
                remove(stream, live.stream().map(e -> e.entry().id()).toList());
            }
            return live;
        });
    }

    /**
     * Which of {@code entryIds} are still in {@code stream} (not yet taken by their tier, not
     * forgotten), asked in one pipelined round trip.
     */
    private Set<String> stillQueued(String stream, List<String> entryIds) {
        List<Object> found = pipelined(streams -> {
            for (String id : entryIds) {
                streams.range(stream, Range.closed(id, id));
            }
        });
        Set<String> queued = new HashSet<>();
        for (int i = 0; i < entryIds.size(); i++) {
            if (found.get(i) instanceof List<?> records && !records.isEmpty()) {
                queued.add(entryIds.get(i));
            }
        }
        return queued;
    }

    /** Removes entries their tier now holds. */
    void remove(String stream, List<String> entryIds) {
        if (!entryIds.isEmpty()) {
            redis.opsForStream().delete(stream, entryIds.toArray(String[]::new));
        }
    }

    private List<MapRecord<String, Object, Object>> entriesOf(String stream, String userId) {
        List<MapRecord<String, Object, Object>> mine = new ArrayList<>();
        Range<String> range = Range.unbounded();
        while (true) {
            List<MapRecord<String, Object, Object>> page =
                    redis.opsForStream().range(stream, range, Limit.limit().count(PAGE));
            if (page == null || page.isEmpty()) {
                return mine;
            }
            for (MapRecord<String, Object, Object> entry : page) {
                if (userId.equals(entry.getValue().get(FIELD_USER))) {
                    mine.add(entry);
                }
            }
            if (page.size() < PAGE) {
                return mine;
            }
            RecordId last = page.get(page.size() - 1).getId();
            range = Range.closed(last.getTimestamp() + "-" + (last.getSequence() + 1), "+");
        }
    }
}
