package dev.agentplatform.orchestrator.chaos;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chaos settings in a Redis hash, one field per agent, mirrored into a local map that a background
 * thread reloads every {@code refresh}; writes through this instance show locally at once.
 */
@Component
class ChaosStore implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ChaosStore.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final ChaosProperties properties;
    private final ScheduledExecutorService refresher;
    private volatile Map<String, Chaos> local = Map.of();
    /** Counts local writes, so a reload that read Redis before one cannot undo it. */
    private long writes;

    private volatile boolean redisWarned;

    ChaosStore(StringRedisTemplate redis, JsonMapper json, ChaosProperties properties) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chaos-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, properties.refresh().toMillis());
        refresher.scheduleWithFixedDelay(this::reload, 0, period, TimeUnit.MILLISECONDS);
    }

    /** The chaos set for {@code agent}, as this instance last saw it. */
    Optional<Chaos> find(String agent) {
        return Optional.ofNullable(agent == null ? null : local.get(agent));
    }

    /** Every chaos setting, as this instance last saw it. */
    Collection<Chaos> all() {
        return local.values();
    }

    /** Stores {@code chaos} for every instance; throws when Redis refuses. */
    void put(Chaos chaos) {
        redis.opsForHash().put(properties.key(), chaos.agent(), json.writeValueAsString(chaos));
        synchronized (this) {
            writes++;
            Map<String, Chaos> copy = new HashMap<>(local);
            copy.put(chaos.agent(), chaos);
            local = Map.copyOf(copy);
        }
    }

    /** Clears the chaos of {@code agent} for every instance; throws when Redis refuses. */
    void remove(String agent) {
        redis.opsForHash().delete(properties.key(), agent);
        synchronized (this) {
            writes++;
            Map<String, Chaos> copy = new HashMap<>(local);
            copy.remove(agent);
            local = Map.copyOf(copy);
        }
    }

    void reload() {
        long before;
        synchronized (this) {
            before = writes;
        }
        try {
            Map<Object, Object> entries = redis.opsForHash().entries(properties.key());
            Map<String, Chaos> fresh = new HashMap<>();
            entries.forEach((field, value) -> {
                try {
                    fresh.put(String.valueOf(field), json.readValue(String.valueOf(value), Chaos.class));
                } catch (RuntimeException e) {
                    log.warn("ignoring unreadable chaos setting for {}: {}", field, e.toString());
                }
            });
            synchronized (this) {
                if (writes == before) {
                    local = Map.copyOf(fresh);
                }
            }
            redisWarned = false;
        } catch (RuntimeException e) {
            // Keep the last known settings; the simulated provider must not stall on Redis.
            if (!redisWarned) {
                log.warn("could not reload chaos settings, keeping the last ones: {}", e.toString());
                redisWarned = true;
            }
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
