package dev.agentplatform.orchestrator.task;

import dev.agentplatform.common.Streams;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Task state in Redis: a hash {@code <prefix><id>} with {@code id, userId, tier, requestId, keyId,
 * team, costPolicy, status, createdAt, updatedAt} and, once final, {@code result} or {@code error} as
 * JSON; each change renews its TTL. Status changes are scripts, so a final status is never
 * overwritten.
 */
@Component
class TaskStore {

    /** Creates the hash and adds the stream entry in one step, unless the task exists already. */
    private static final RedisScript<Long> SUBMIT = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'id', ARGV[1], 'userId', ARGV[2], 'tier', ARGV[3], 'requestId', ARGV[4],
                'keyId', ARGV[10], 'team', ARGV[11], 'costPolicy', ARGV[12],
                'status', 'PENDING', 'createdAt', ARGV[5], 'updatedAt', ARGV[5])
            redis.call('EXPIRE', KEYS[1], ARGV[6])
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[9], '*', 'eventId', ARGV[1], 'payload', ARGV[7],
                'traceparent', ARGV[8], 'userId', ARGV[2], 'tier', ARGV[3], 'requestId', ARGV[4])
            return 1
            """, Long.class);

    /** Moves a task that is not final yet to a new status, with an optional extra field. */
    private static final RedisScript<Long> TRANSITION = RedisScript.of("""
            local s = redis.call('HGET', KEYS[1], 'status')
            if not s then return -1 end
            if s == 'SUCCEEDED' or s == 'FAILED' then return 0 end
            redis.call('HSET', KEYS[1], 'status', ARGV[1], 'updatedAt', ARGV[2])
            if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], ARGV[3], ARGV[4]) end
            redis.call('EXPIRE', KEYS[1], ARGV[5])
            return 1
            """, Long.class);

    private static final RedisScript<Long> RENEW = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0
            """, Long.class);

    private static final RedisScript<Long> RELEASE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final TasksProperties properties;

    TaskStore(StringRedisTemplate redis, JsonMapper json, TasksProperties properties) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
    }

    /**
     * Stores a new PENDING task for {@code caller} and queues it; returns {@code false} (and queues
     * nothing) when a task with this id exists already.
     */
    boolean submit(String id, Caller caller, String payload, String traceparent) {
        Long created = redis.execute(
                SUBMIT,
                List.of(key(id), properties.stream()),
                id,
                caller.userId(),
                caller.tier(),
                orEmpty(caller.requestId()),
                Instant.now().toString(),
                String.valueOf(properties.ttl().toSeconds()),
                payload,
                orEmpty(traceparent),
                String.valueOf(properties.maxLength()),
                orEmpty(caller.keyId()),
                orEmpty(caller.team()),
                caller.strictBudget() ? STRICT : "");
        return created != null && created == 1L;
    }

    Optional<TaskState> find(String id) {
        Map<Object, Object> fields = redis.opsForHash().entries(key(id));
        if (fields == null || fields.isEmpty() || fields.get("status") == null) {
            return Optional.empty();
        }
        return Optional.of(new TaskState(
                str(fields, "id"),
                str(fields, "userId"),
                str(fields, "tier"),
                str(fields, "requestId"),
                blankToNull(str(fields, "keyId")),
                blankToNull(str(fields, "team")),
                STRICT.equals(str(fields, "costPolicy")),
                TaskStatus.valueOf(str(fields, "status")),
                str(fields, "result"),
                str(fields, "error"),
                Instant.parse(str(fields, "createdAt")),
                Instant.parse(str(fields, "updatedAt"))));
    }

    /** Marks the task RUNNING unless it is final; {@code false} when it is final or gone. */
    boolean running(String id) {
        return transition(id, TaskStatus.RUNNING, "", "");
    }

    /** Stores the result and SUCCEEDED unless the task is final already. */
    boolean succeeded(String id, String resultJson) {
        return transition(id, TaskStatus.SUCCEEDED, "result", resultJson);
    }

    /** Stores the error and FAILED unless the task is final already. */
    boolean failed(String id, String errorJson) {
        return transition(id, TaskStatus.FAILED, "error", errorJson);
    }

    private boolean transition(String id, TaskStatus status, String field, String value) {
        Long changed = redis.execute(
                TRANSITION,
                List.of(key(id)),
                status.name(),
                Instant.now().toString(),
                field,
                value,
                String.valueOf(properties.ttl().toSeconds()));
        return changed != null && changed == 1L;
    }

    /** Reserves the task for {@code owner} for {@code lease}; {@code false} when another holds it. */
    boolean lease(String id, String owner, Duration lease) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(leaseKey(id), owner, lease));
    }

    boolean renewLease(String id, String owner, Duration lease) {
        Long renewed = redis.execute(RENEW, List.of(leaseKey(id)), owner, String.valueOf(lease.toMillis()));
        return renewed != null && renewed == 1L;
    }

    void releaseLease(String id, String owner) {
        redis.execute(RELEASE, List.of(leaseKey(id)), owner);
    }

    TaskView view(TaskState state) {
        return new TaskView(
                state.id(),
                state.status(),
                tree(state.result()),
                tree(state.error()),
                state.createdAt(),
                state.updatedAt());
    }

    private JsonNode tree(String raw) {
        return raw == null || raw.isEmpty() ? null : json.readTree(raw);
    }

    private String key(String id) {
        return properties.keyPrefix() + id;
    }

    private String leaseKey(String id) {
        return properties.keyPrefix() + id + ":lease";
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String str(Map<Object, Object> fields, String name) {
        Object value = fields.get(name);
        return value == null ? null : value.toString();
    }

    /** Fields of the stream entry that carries a task. */
    static final String FIELD_USER_ID = "userId";

    static final String FIELD_TIER = "tier";
    static final String FIELD_REQUEST_ID = "requestId";
    static final String FIELD_TASK_ID = Streams.FIELD_EVENT_ID;

    /** The {@code costPolicy} of a task whose caller asked for {@code X-Cost-Policy: strict}. */
    private static final String STRICT = "strict";

    /**
     * One task's stored state.
     *
     * @param id the task id
     * @param userId its owner
     * @param tier the owner's tier when it was submitted
     * @param requestId the submitting request's id, or empty
     * @param keyId the API key it was submitted with, whose budget applies, or {@code null}
     * @param team that key's team, whose budget applies, or {@code null}
     * @param strictBudget whether its caller asked for {@code X-Cost-Policy: strict}
     * @param status where it stands
     * @param result the result JSON once SUCCEEDED
     * @param error the error JSON once FAILED
     * @param createdAt when it was accepted
     * @param updatedAt when its status last changed
     */
    record TaskState(
            String id,
            String userId,
            String tier,
            String requestId,
            String keyId,
            String team,
            boolean strictBudget,
            TaskStatus status,
            String result,
            String error,
            Instant createdAt,
            Instant updatedAt) {

        /** Who the task runs for, serving {@code requestId}. */
        Caller caller(String requestId) {
            return new Caller(userId, tier, requestId, keyId, team, strictBudget);
        }
    }
}
