package dev.agentplatform.support.stream;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One member of a consumer group on one stream: the Redis commands every consumer loop needs
 * (XGROUP CREATE MKSTREAM, XREADGROUP, XAUTOCLAIM, XACK, XPENDING, XINFO GROUPS, dead-lettering),
 * entries as {@link StreamEntry}. The {@link StreamConsumerRunner} is built on it; a consumer with
 * a threading model of its own (the orchestrator's task workers) uses it directly.
 */
public final class ConsumerGroup {

    /** The cursor XAUTOCLAIM starts from and returns when it went through every pending entry. */
    public static final String FROM_START = "0-0";

    private final StringRedisTemplate redis;
    private final String stream;
    private final String group;
    private final String consumerName;

    public ConsumerGroup(StringRedisTemplate redis, String stream, String group, String consumerName) {
        this.redis = redis;
        this.stream = stream;
        this.group = group;
        this.consumerName = consumerName;
    }

    public String stream() {
        return stream;
    }

    public String group() {
        return group;
    }

    public String consumerName() {
        return consumerName;
    }

    /**
     * Creates the group, reading from the stream's start (entries added before the group existed
     * count too), and the stream if need be.
     *
     * @return {@code false} when the group already existed
     */
    public boolean create() {
        try {
            redis.opsForStream().createGroup(stream, ReadOffset.from("0"), group);
            return true;
        } catch (RuntimeException e) {
            if (!mentions(e, "BUSYGROUP")) {
                throw e;
            }
            return false;
        }
    }

    /** Up to {@code count} entries never delivered to the group, waiting up to {@code block} for them. */
    public List<StreamEntry> readNew(int count, Duration block) {
        return read(StreamReadOptions.empty().count(count).block(block), ReadOffset.lastConsumed());
    }

    /** Up to {@code count} entries delivered to this member and not acked, oldest first. */
    public List<StreamEntry> readOwnPending(int count) {
        return read(StreamReadOptions.empty().count(count), ReadOffset.from("0"));
    }

    private List<StreamEntry> read(StreamReadOptions options, ReadOffset offset) {
        List<MapRecord<String, Object, Object>> records = redis.opsForStream()
                .read(Consumer.from(group, consumerName), options, StreamOffset.create(stream, offset));
        List<StreamEntry> entries = new ArrayList<>(records == null ? 0 : records.size());
        if (records != null) {
            for (MapRecord<String, Object, Object> record : records) {
                Map<String, String> fields = new LinkedHashMap<>();
                if (record.getValue() != null) {
                    record.getValue().forEach((k, v) -> fields.put(String.valueOf(k), String.valueOf(v)));
                }
                entries.add(new StreamEntry(record.getId().getValue(), fields));
            }
        }
        return entries;
    }

    /**
     * Takes over up to {@code count} entries pending with any member for longer than {@code
     * minIdle}, from {@code cursor} on (XAUTOCLAIM; Spring Data Redis has none, so Lettuce's own
     * command runs on the template's connection).
     */
    @SuppressWarnings("unchecked")
    public Claimed claimIdle(Duration minIdle, String cursor, int count) {
        XAutoClaimArgs<byte[]> args = XAutoClaimArgs.Builder.xautoclaim(
                        io.lettuce.core.Consumer.from(bytes(group), bytes(consumerName)), minIdle, cursor)
                .count(count);
        ClaimedMessages<byte[], byte[]> result =
                redis.execute((RedisCallback<ClaimedMessages<byte[], byte[]>>) connection -> {
                    var lettuce = (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
                    return LettuceFutures.awaitOrCancel(lettuce.xautoclaim(bytes(stream), args), 30, TimeUnit.SECONDS);
                });
        if (result == null) {
            return new Claimed(List.of(), FROM_START);
        }
        List<StreamEntry> entries = new ArrayList<>();
        result.getMessages().forEach(message -> {
            Map<String, String> fields = new LinkedHashMap<>();
            if (message.getBody() != null) {
                message.getBody().forEach((k, v) -> fields.put(utf8(k), utf8(v)));
            }
            entries.add(new StreamEntry(message.getId(), fields));
        });
        return new Claimed(entries, result.getId());
    }

    /**
     * What one XAUTOCLAIM took over.
     *
     * @param entries the entries, now this member's
     * @param next the cursor to go on from; {@link #FROM_START} when every pending entry was looked at
     */
    public record Claimed(List<StreamEntry> entries, String next) {

        /** Whether every pending entry was looked at. */
        public boolean done() {
            return FROM_START.equals(next);
        }
    }

    public void acknowledge(Collection<String> ids) {
        if (!ids.isEmpty()) {
            redis.opsForStream().acknowledge(stream, group, ids.toArray(String[]::new));
        }
    }

    /** How often each of {@code entries} (this member's, in stream order) was delivered. */
    public Map<String, Long> deliveries(List<StreamEntry> entries) {
        PendingMessages messages = redis.opsForStream()
                .pending(
                        stream,
                        Consumer.from(group, consumerName),
                        Range.closed(
                                entries.get(0).id(),
                                entries.get(entries.size() - 1).id()),
                        entries.size());
        Map<String, Long> counts = new HashMap<>();
        messages.forEach(m -> counts.put(m.getIdAsString(), m.getTotalDeliveryCount()));
        return counts;
    }

    /** Copies {@code entry} with the {@code reason} to {@code deadStream} and acks it. */
    public void deadLetter(StreamEntry entry, String reason, String deadStream, long deadMaxLength) {
        Map<String, String> fields = new LinkedHashMap<>(entry.fields());
        fields.put("reason", reason);
        fields.put("sourceStream", stream);
        fields.put("sourceId", entry.id());
        redis.opsForStream()
                .add(
                        StreamRecords.newRecord().in(deadStream).ofMap(fields),
                        XAddOptions.maxlen(deadMaxLength).approximateTrimming(true));
        acknowledge(List.of(entry.id()));
    }

    /**
     * The group's {@code lag} (entries not yet delivered; {@code null} when Redis cannot tell) and
     * {@code pending}, from XINFO GROUPS; {@code null} when the group is not there.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> info() {
        List<Object> groups = redis.execute((RedisCallback<List<Object>>) connection -> {
            var lettuce = (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
            return LettuceFutures.awaitOrCancel(lettuce.xinfoGroups(bytes(stream)), 30, TimeUnit.SECONDS);
        });
        if (groups == null) {
            return null;
        }
        for (Object each : groups) {
            List<Object> flat = (List<Object>) each;
            Map<String, Object> info = new HashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                Object value = flat.get(i + 1);
                info.put(text(flat.get(i)), value instanceof byte[] b ? utf8(b) : value);
            }
            if (group.equals(info.get("name"))) {
                return info;
            }
        }
        return null;
    }

    /** Whether {@code e} says the group (or its stream) is gone, e.g. after a FLUSHDB. */
    public static boolean isMissingGroup(Throwable e) {
        return mentions(e, "NOGROUP");
    }

    private static boolean mentions(Throwable e, String code) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(code)) {
                return true;
            }
        }
        return false;
    }

    private static String text(Object value) {
        return value instanceof byte[] b ? utf8(b) : String.valueOf(value);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
