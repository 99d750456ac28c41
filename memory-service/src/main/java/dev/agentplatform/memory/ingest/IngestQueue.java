package dev.agentplatform.memory.ingest;

import dev.agentplatform.common.Streams;
import dev.agentplatform.support.stream.TraceParents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox between an accepted write and the WARM index: one Redis stream entry per write, read
 * by {@link IngestStreamConsumer}. An entry is deleted from the stream once its messages are indexed,
 * so the stream holds exactly what is still pending: what {@link #pending} counts and what {@link
 * #forget} deletes (a forgotten user's text must not wait there to be indexed, nor linger).
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
        redis.opsForStream()
                .add(StreamRecords.newRecord()
                        .in(properties.stream())
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
                                traceParents.current())));
    }

    /**
     * What of the user still waits to be indexed.
     *
     * @param messages messages accepted and not yet searchable
     * @param oldest when the oldest of them was accepted, or {@code null} when none waits
     */
    public record Pending(long messages, Instant oldest) {}

    public Pending pending(String userId) {
        long count = 0;
        Instant oldest = null;
        for (MapRecord<String, Object, Object> entry : entriesOf(properties.stream(), userId)) {
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
        for (MapRecord<String, Object, Object> entry : entriesOf(properties.deadLetterStream(), userId)) {
            count += Long.parseLong(String.valueOf(entry.getValue().getOrDefault(FIELD_COUNT, "0")));
        }
        return count;
    }

    /** Deletes the user's entries from the stream and its dead letters; returns how many messages they held. */
    public long forget(String userId) {
        long messages = 0;
        for (String stream : List.of(properties.stream(), properties.deadLetterStream())) {
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

    /** Whether the entry is still in the stream (not yet indexed, not forgotten). */
    boolean contains(String entryId) {
        var found = redis.opsForStream().range(properties.stream(), Range.closed(entryId, entryId));
        return found != null && !found.isEmpty();
    }

    /** Removes indexed entries: their text now lives in the index only. */
    void remove(List<String> entryIds) {
        if (!entryIds.isEmpty()) {
            redis.opsForStream().delete(properties.stream(), entryIds.toArray(String[]::new));
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
