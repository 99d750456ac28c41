package dev.agentplatform.orchestrator.event;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drains the event outbox to Redis on start and every {@code drain-interval} after, on one
 * background thread.
 */
@Component
class OutboxDrainer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxDrainer.class);

    private final RedisStreamExecutionEvents events;
    private final EventsProperties properties;
    private ScheduledExecutorService scheduler;

    OutboxDrainer(RedisStreamExecutionEvents events, EventsProperties properties) {
        this.events = events;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "event-outbox-drainer");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.drainInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::drain, 0, interval, TimeUnit.MILLISECONDS);
    }

    private void drain() {
        try {
            events.drain();
        } catch (RuntimeException e) {
            // the next round tries again; the outbox keeps whatever did not go out
            log.warn("draining the event outbox failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
