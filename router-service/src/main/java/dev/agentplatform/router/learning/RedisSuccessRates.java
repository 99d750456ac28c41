package dev.agentplatform.router.learning;

import dev.agentplatform.common.OutcomeRecorded;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link SuccessRates} in Redis, one hash per agent ({@code router:stats:<agent>}: {@code ema},
 * {@code n}, {@code latency}). One Lua script checks the event id and updates the hash, so two
 * instances applying outcomes at once never lose an update and a redelivered event counts once.
 */
class RedisSuccessRates implements SuccessRates {

    static final String STATS = "router:stats:";
    static final String APPLIED = "router:outcome:";

    /** Returns the new {n, ema, latency} as strings, or an empty reply for an event applied before. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> APPLY = RedisScript.of("""
            if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', tonumber(ARGV[6])) then return {} end
            local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
            local ema = tonumber(redis.call('HGET', KEYS[1], 'ema') or ARGV[4])
            local latency = tonumber(redis.call('HGET', KEYS[1], 'latency') or ARGV[2])
            local w = math.max(tonumber(ARGV[3]), 1 / (n + 1 + tonumber(ARGV[5])))
            ema = ema + w * (tonumber(ARGV[1]) - ema)
            if n > 0 then latency = latency + w * (tonumber(ARGV[2]) - latency) end
            redis.call('HSET', KEYS[1], 'n', n + 1, 'ema', tostring(ema), 'latency', tostring(latency))
            return {tostring(n + 1), tostring(ema), tostring(latency)}
            """, List.class);

    private static final RedisScript<Long> RESTORE = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'n', ARGV[1], 'ema', ARGV[2], 'latency', ARGV[3])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final LearningProperties properties;

    RedisSuccessRates(StringRedisTemplate redis, LearningProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    @Override
    public Optional<AgentStats> apply(OutcomeRecorded outcome) {
        List<?> applied = redis.execute(
                APPLY,
                List.of(STATS + outcome.agent(), APPLIED + outcome.eventId()),
                outcome.success() ? "1" : "0",
                Long.toString(Math.max(0, outcome.latencyMs())),
                Double.toString(properties.alpha()),
                Double.toString(properties.prior()),
                Double.toString(properties.priorWeight()),
                Long.toString(Math.max(1, properties.dedupeTtl().toSeconds())));
        if (applied == null || applied.size() != 3) {
            return Optional.empty();
        }
        return Optional.of(new AgentStats(
                Double.parseDouble(String.valueOf(applied.get(1))),
                Long.parseLong(String.valueOf(applied.get(0))),
                Double.parseDouble(String.valueOf(applied.get(2)))));
    }

    @Override
    public Map<String, AgentStats> read(Collection<String> agents) {
        List<String> names = new ArrayList<>(agents);
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (String name : names) {
                connection.hashCommands().hGetAll((STATS + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return null;
        });
        Map<String, AgentStats> result = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (replies.get(i) instanceof Map<?, ?> hash && !hash.isEmpty()) {
                try {
                    result.put(
                            names.get(i),
                            new AgentStats(
                                    Double.parseDouble(String.valueOf(hash.get("ema"))),
                                    Long.parseLong(String.valueOf(hash.get("n"))),
                                    Double.parseDouble(String.valueOf(hash.get("latency")))));
                } catch (RuntimeException malformed) {
                    // a hash someone edited by hand: treat the agent as unknown rather than fail routing
                }
            }
        }
        return result;
    }

    @Override
    public void restore(String agent, AgentStats stats) {
        redis.execute(
                RESTORE,
                List.of(STATS + agent),
                Long.toString(stats.observations()),
                Double.toString(stats.successRate()),
                Double.toString(stats.latencyMs()));
    }
}
