package dev.agentplatform.orchestrator.event;

import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.Streams;
import dev.agentplatform.common.UsageRecorded;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Publishes events with XADD on the platform's Redis Streams. */
@Component
class RedisStreamExecutionEvents implements ExecutionEvents {

    private static final Logger log = LoggerFactory.getLogger(RedisStreamExecutionEvents.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final TraceParents traceParents;
    private final XAddOptions options;

    RedisStreamExecutionEvents(
            StringRedisTemplate redis, JsonMapper json, TraceParents traceParents, EventsProperties properties) {
        this.redis = redis;
        this.json = json;
        this.traceParents = traceParents;
        this.options = properties.maxLength() > 0
                ? XAddOptions.maxlen(properties.maxLength()).approximateTrimming(true)
                : XAddOptions.none();
    }

    @Override
    public void usageRecorded(UsageRecorded event) {
        publish(Streams.USAGE, event.eventId(), event);
    }

    @Override
    public void outcomeRecorded(OutcomeRecorded event) {
        publish(Streams.OUTCOMES, event.eventId(), event);
    }

    private void publish(String stream, String eventId, Object event) {
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put(Streams.FIELD_EVENT_ID, eventId);
            fields.put(Streams.FIELD_PAYLOAD, json.writeValueAsString(event));
            fields.put(Streams.FIELD_TRACEPARENT, traceParents.current());
            redis.opsForStream().add(stream, fields, options);
        } catch (RuntimeException e) {
            log.error("could not publish event {} to {}: {}", eventId, stream, e.toString());
        }
    }
}
