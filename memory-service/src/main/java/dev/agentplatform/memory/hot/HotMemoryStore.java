package dev.agentplatform.memory.hot;

import dev.agentplatform.common.MemoryMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HOT tier's Redis lists: one per conversation, newest last, trimmed and expiring. Beside it
 * each conversation may have a quarantine list: messages written from a request the injection guard
 * flagged, kept (longer) for audit and never read back as the conversation's context.
 */
@Component
public class HotMemoryStore {

    private static final Logger log = LoggerFactory.getLogger(HotMemoryStore.class);

    // One script per operation so a crash between commands can never leave a list untrimmed or
    // without its expiry.
    private static final RedisScript<Long> APPEND = RedisScript.of("""
            local length = redis.call('RPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return math.min(length, tonumber(ARGV[2]))
            """, Long.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> READ = RedisScript.of("""
            local messages = redis.call('LRANGE', KEYS[1], -tonumber(ARGV[1]), -1)
            if #messages > 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return messages
            """, List.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final HotMemoryProperties properties;
    private final Counter appended;
    private final Counter quarantined;
    private final Timer appendTimer;
    private final Timer readTimer;
    private final Timer deleteTimer;
    private final DistributionSummary contextSize;

    HotMemoryStore(StringRedisTemplate redis, JsonMapper json, HotMemoryProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        this.appended = Counter.builder("memory.messages.appended")
                .description("Messages appended to HOT memory")
                .register(meters);
        this.quarantined = Counter.builder("memory.messages.quarantined")
                .description("Messages kept in quarantine: for audit, never returned as context")
                .register(meters);
        this.appendTimer = operationTimer(meters, "append");
        this.readTimer = operationTimer(meters, "read");
        this.deleteTimer = operationTimer(meters, "delete");
        this.contextSize = DistributionSummary.builder("memory.context.messages")
                .description("Messages returned per conversation read")
                .serviceLevelObjectives(1, 5, 10, 25, 50, 100)
                .register(meters);
    }

    private static Timer operationTimer(MeterRegistry meters, String operation) {
        return Timer.builder("memory.hot.operation")
                .description("Latency of HOT memory operations against Redis")
                .tag("operation", operation)
                .register(meters);
    }

    /** Appends a message, stamping {@code at} when the caller left it out, and returns what was stored. */
    MemoryMessage append(ConversationKey key, MemoryMessage message) {
        MemoryMessage stored = push(key.redisKey(), message, properties.ttl());
        appended.increment();
        return stored;
    }

    /** Keeps a message in the conversation's quarantine, as {@link #append} does, and returns what was stored. */
    MemoryMessage quarantine(ConversationKey key, MemoryMessage message) {
        MemoryMessage stored = push(key.quarantineKey(), message, properties.quarantineTtl());
        quarantined.increment();
        return stored;
    }

    private MemoryMessage push(String redisKey, MemoryMessage message, Duration ttl) {
        MemoryMessage stored = message.at() != null
                ? message
                : new MemoryMessage(
                        message.role(),
                        message.content(),
                        message.agent(),
                        Instant.now().truncatedTo(ChronoUnit.MILLIS));
        String element = json.writeValueAsString(stored);
        appendTimer.record(() -> redis.execute(
                APPEND,
                List.of(redisKey),
                element,
                Integer.toString(properties.maxMessages()),
                Long.toString(ttl.toMillis())));
        return stored;
    }

    /** The conversation's messages, oldest first; reading renews the time to live. Never the quarantined ones. */
    List<MemoryMessage> read(ConversationKey key) {
        List<MemoryMessage> messages = read(key.redisKey(), properties.ttl());
        contextSize.record(messages.size());
        return messages;
    }

    /** The conversation's quarantined messages, oldest first: for audit only. */
    List<MemoryMessage> readQuarantine(ConversationKey key) {
        return read(key.quarantineKey(), properties.quarantineTtl());
    }

    private List<MemoryMessage> read(String redisKey, Duration ttl) {
        List<?> elements = readTimer.record(() -> redis.execute(
                READ, List.of(redisKey), Integer.toString(properties.maxMessages()), Long.toString(ttl.toMillis())));
        List<MemoryMessage> messages = new ArrayList<>(elements == null ? 0 : elements.size());
        if (elements != null) {
            for (Object element : elements) {
                try {
                    messages.add(json.readValue(String.valueOf(element), MemoryMessage.class));
                } catch (JacksonException e) {
                    // One bad element (e.g. written by an older version) must not hide the rest.
                    log.warn("skipping unreadable message in {}: {}", redisKey, e.getOriginalMessage());
                }
            }
        }
        return messages;
    }

    /**
     * The last messages of a user's conversation, oldest first, as {@link #read(ConversationKey)};
     * none when the ids are not valid ids.
     */
    public List<MemoryMessage> recent(String userId, String conversationId) {
        ConversationKey key;
        try {
            key = ConversationKey.of(userId, conversationId);
        } catch (RuntimeException e) {
            return List.of();
        }
        return read(key);
    }

    /**
     * Forgets every conversation of the user and its quarantine; returns how many Redis keys were
     * removed. Keys are found with SCAN (never KEYS) by the user's escaped prefix.
     */
    public long forgetUser(String userId) {
        List<String> keys = keysOf(userId);
        long removed = 0;
        for (int i = 0; i < keys.size(); i += 500) {
            Long deleted = redis.delete(keys.subList(i, Math.min(keys.size(), i + 500)));
            removed += deleted == null ? 0 : deleted;
        }
        return removed;
    }

    /** How many conversations of the user have a HOT list now. */
    public long conversations(String userId) {
        return keysOf(userId).stream()
                .filter(key -> key.startsWith(ConversationKey.PREFIX))
                .count();
    }

    private List<String> keysOf(String userId) {
        List<String> keys = new ArrayList<>();
        if (!userId.matches(ConversationKey.ID_PATTERN)) {
            // no HOT key can exist for it, and its characters could be glob patterns
            return keys;
        }
        String user = ConversationKey.escapeId(userId);
        for (String prefix : List.of(ConversationKey.PREFIX, ConversationKey.QUARANTINE_PREFIX)) {
            try (var cursor = redis.scan(org.springframework.data.redis.core.ScanOptions.scanOptions()
                    .match(prefix + user + ":*")
                    .count(500)
                    .build())) {
                cursor.forEachRemaining(keys::add);
            }
        }
        return keys;
    }

    /** Forgets the conversation, its quarantine included; returns whether there was anything to forget. */
    boolean delete(ConversationKey key) {
        Long deleted = deleteTimer.record(() -> redis.delete(List.of(key.redisKey(), key.quarantineKey())));
        return deleted != null && deleted > 0;
    }
}
