package dev.agentplatform.mcp.capability;

import dev.agentplatform.common.CapabilityResult;
import dev.agentplatform.common.Streams;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.support.RequestIds;
import dev.agentplatform.support.security.ServiceCaller;
import dev.agentplatform.support.stream.TraceParents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Books each priced tool call to {@code platform.usage} for the user the call acts for (the service token's user),
 * so tool costs count toward that user's budget: provider {@code mcp:<server>}, model the server's tool, agent
 * {@code capability:<name>}, no tokens. A call for no user, or a free one, books nothing. Nor does a call the
 * orchestrator makes within a task: it holds the task's worst case before and books the tool calls it made with the
 * task's usage, so booking them here too would charge the user twice. One that cannot be published (Redis down) is
 * logged and counted, not failed: the call was made.
 */
@Component
class UsageBooking {

    private static final Logger log = LoggerFactory.getLogger(UsageBooking.class);
    static final String UNBOOKED_METRIC = "mcp.usage.unbooked";
    /** The service that books the capability calls of its tasks itself. */
    static final String ORCHESTRATOR = "orchestrator-service";

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final Counter unbooked;
    private final TraceParents traceParents;

    UsageBooking(StringRedisTemplate redis, JsonMapper json, MeterRegistry meters, TraceParents traceParents) {
        this.redis = redis;
        this.json = json;
        this.traceParents = traceParents;
        this.unbooked = Counter.builder(UNBOOKED_METRIC)
                .description("Priced tool calls whose usage event could not be published")
                .register(meters);
    }

    void book(CapabilityResult result, String serverTool) {
        ServiceCaller caller = ServiceCaller.current().orElse(null);
        String userId = caller == null ? null : caller.userId();
        if (userId == null
                || ORCHESTRATOR.equals(caller.service())
                || result.costUsd() == null
                || result.costUsd().signum() <= 0) {
            return;
        }
        String requestId = MDC.get(RequestIds.MDC_KEY);
        UsageRecorded event = new UsageRecorded(
                UUID.randomUUID().toString(),
                requestId,
                requestId,
                userId,
                "capability:" + result.capability(),
                "mcp:" + result.server(),
                serverTool,
                0,
                0,
                result.costUsd(),
                Instant.now());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(Streams.FIELD_EVENT_ID, event.eventId());
        fields.put(Streams.FIELD_PAYLOAD, json.writeValueAsString(event));
        fields.put(Streams.FIELD_TRACEPARENT, traceParents.current());
        try {
            redis.opsForStream().add(Streams.USAGE, fields);
        } catch (RuntimeException e) {
            unbooked.increment();
            log.warn(
                    "could not book usage {} of {} for {}: {}",
                    event.eventId(),
                    result.capability(),
                    userId,
                    e.toString());
        }
    }
}
