package dev.agentplatform.cost.ingest;

import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.Streams;
import dev.agentplatform.cost.ledger.OutcomeLedger;
import dev.agentplatform.support.stream.StreamBatch;
import dev.agentplatform.support.stream.StreamConsumer;
import dev.agentplatform.support.stream.StreamConsumerRunner;
import dev.agentplatform.support.stream.StreamEntry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Books agent outcomes beside the ledger, in a consumer group of its own on the outcome stream
 * (the router reads the same entries in its group). At-least-once; an event id is booked once.
 */
@Component
class OutcomeStreamConsumer extends StreamConsumer {

    private static final int MAX_ID_LENGTH = 200;

    private final OutcomeLedger outcomes;
    private final ObjectReader reader;

    OutcomeStreamConsumer(
            StringRedisTemplate redis,
            OutcomeLedger outcomes,
            OutcomeStreamProperties properties,
            UsageStreamProperties usage,
            JsonMapper json,
            MeterRegistry meters,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        this.outcomes = outcomes;
        this.reader = json.readerFor(OutcomeRecorded.class)
                .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        consumeWith(
                new StreamConsumerRunner(
                        redis,
                        usage.settings(properties.stream(), properties.group(), properties.deadLetterStream()),
                        this,
                        meters,
                        tracer.getIfAvailable(),
                        propagator.getIfAvailable()),
                properties.enabled());
    }

    @Override
    public void handle(StreamBatch batch) {
        List<OutcomeRecorded> bookable = new ArrayList<>(batch.entries().size());
        for (StreamEntry entry : batch.entries()) {
            String reason = null;
            OutcomeRecorded outcome = null;
            try {
                String payload = entry.fields().get(Streams.FIELD_PAYLOAD);
                outcome = payload == null ? null : reader.readValue(payload);
            } catch (JacksonException e) {
                reason = "payload is not an OutcomeRecorded: " + e.getOriginalMessage();
            }
            if (reason == null && outcome == null) {
                reason = "no payload";
            } else if (reason == null && (!valid(outcome.eventId()) || !valid(outcome.agent()))) {
                reason = "eventId and agent must be 1 to " + MAX_ID_LENGTH + " characters";
            }
            if (reason != null) {
                batch.reject(entry, reason);
            } else {
                bookable.add(outcome);
            }
        }
        outcomes.bookAll(bookable);
    }

    private static boolean valid(String id) {
        return id != null && !id.isBlank() && id.length() <= MAX_ID_LENGTH;
    }
}
