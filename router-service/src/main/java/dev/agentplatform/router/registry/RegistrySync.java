package dev.agentplatform.router.registry;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Keeps this instance's registry snapshot in step with the others: a change made here is announced
 * on a Redis channel, an announcement from elsewhere reloads the snapshot at once, and a poll of the
 * database version catches what an announcement missed (Redis down, a subscriber reconnecting).
 */
class RegistrySync implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RegistrySync.class);

    private final AgentRegistry registry;
    private final StringRedisTemplate redis;
    private final RedisMessageListenerContainer container;
    private final RegistryProperties properties;
    private ScheduledExecutorService poller;
    private volatile boolean running;

    RegistrySync(
            AgentRegistry registry,
            StringRedisTemplate redis,
            RedisMessageListenerContainer container,
            RegistryProperties properties) {
        this.registry = registry;
        this.redis = redis;
        this.container = container;
        this.properties = properties;
    }

    /** Tells the other instances that the registry changed. */
    void announce() {
        try {
            redis.convertAndSend(properties.channel(), Long.toString(registry.version()));
        } catch (RuntimeException e) {
            log.warn(
                    "could not announce a registry change (others notice within {}): {}",
                    properties.pollInterval(),
                    e.toString());
        }
    }

    @Override
    public void start() {
        container.addMessageListener((message, pattern) -> reload(), new ChannelTopic(properties.channel()));
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "registry-poll");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::reload, period, period, TimeUnit.MILLISECONDS);
        running = true;
    }

    private void reload() {
        try {
            if (registry.refreshIfChanged()) {
                log.info(
                        "registry reloaded at version {}: {} agents",
                        registry.version(),
                        registry.all().size());
            }
        } catch (RuntimeException e) {
            log.warn("registry reload failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
