package dev.agentplatform.orchestrator.event;

import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.Streams;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.support.stream.TraceParents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes events with XADD on the platform's Redis Streams. An event XADD fails for goes to the
 * {@link EventOutbox} on disk, and so does every event while the outbox is not empty (they keep
 * their order, and an answer does not wait for Redis timeouts again and again); {@link #drain()}
 * publishes the outbox once Redis is back. With {@code on-unbookable: refuse}, a usage event is
 * published at once or the caller fails.
 */
@Component
class RedisStreamExecutionEvents implements ExecutionEvents {

    private static final Logger log = LoggerFactory.getLogger(RedisStreamExecutionEvents.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final TraceParents traceParents;
    private final XAddOptions options;
    private final EventOutbox outbox;
    private final boolean refuseUnbookable;
    private final MeterRegistry meters;

    RedisStreamExecutionEvents(
            StringRedisTemplate redis,
            JsonMapper json,
            TraceParents traceParents,
            EventsProperties properties,
            MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.traceParents = traceParents;
        this.options = properties.maxLength() > 0
                ? XAddOptions.maxlen(properties.maxLength()).approximateTrimming(true)
                : XAddOptions.none();
        this.outbox = new EventOutbox(properties.outboxDir(), json);
        this.refuseUnbookable = properties.onUnbookable() == EventsProperties.OnUnbookable.REFUSE;
        this.meters = meters;
        Gauge.builder("orchestrator.events.outbox.size", outbox, EventOutbox::size)
                .description("Events waiting in the local outbox for Redis")
                .baseUnit("events")
                .register(meters);
    }

    @Override
    public void usageRecorded(UsageRecorded event) {
        OutboxEntry entry = entry(Streams.USAGE, event.eventId(), event);
        if (refuseUnbookable) {
            try {
                publish(entry);
            } catch (RuntimeException e) {
                throw new UsageNotBooked(event.eventId(), e);
            }
            return;
        }
        try {
            publishOrKeep(entry);
        } catch (IOException e) {
            throw new UsageNotBooked(event.eventId(), e);
        }
    }

    @Override
    public void outcomeRecorded(OutcomeRecorded event) {
        try {
            publishOrKeep(entry(Streams.OUTCOMES, event.eventId(), event));
        } catch (IOException | RuntimeException e) {
            log.error("lost event {} for {}: {}", event.eventId(), Streams.OUTCOMES, e.toString());
        }
    }

    /**
     * Publishes what waits in the outbox, oldest first, until Redis refuses one.
     *
     * @return how many events went out
     */
    long drain() {
        if (outbox.size() == 0) {
            return 0;
        }
        long drained = outbox.drain(entry -> {
            publish(entry);
            counter("orchestrator.events.outbox.drained", entry.stream()).increment();
        });
        if (drained > 0) {
            log.info("published {} events from the outbox, {} still waiting", drained, outbox.size());
        }
        return drained;
    }

    /** Events waiting in the outbox. */
    long waiting() {
        return outbox.size();
    }

    private OutboxEntry entry(String stream, String eventId, Object event) {
        return new OutboxEntry(stream, eventId, json.writeValueAsString(event), traceParents.current());
    }

    private void publishOrKeep(OutboxEntry entry) throws IOException {
        if (outbox.size() == 0) {
            try {
                publish(entry);
                return;
            } catch (RuntimeException e) {
                log.warn(
                        "could not publish event {} to {}, keeping it in the outbox: {}",
                        entry.eventId(),
                        entry.stream(),
                        e.toString());
            }
        }
        outbox.append(entry);
        counter("orchestrator.events.outbox.written", entry.stream()).increment();
    }

    private void publish(OutboxEntry entry) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(Streams.FIELD_EVENT_ID, entry.eventId());
        fields.put(Streams.FIELD_PAYLOAD, entry.payload());
        fields.put(Streams.FIELD_TRACEPARENT, entry.traceparent() == null ? "" : entry.traceparent());
        redis.opsForStream().add(entry.stream(), fields, options);
    }

    private Counter counter(String name, String stream) {
        return Counter.builder(name)
                .description(
                        name.endsWith("drained")
                                ? "Events published from the outbox after Redis came back"
                                : "Events kept in the outbox because Redis could not take them")
                .tag("stream", stream)
                .register(meters);
    }
}
