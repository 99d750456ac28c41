package dev.agentplatform.router.learning;

import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.support.stream.StreamBatch;
import dev.agentplatform.support.stream.StreamConsumer;
import dev.agentplatform.support.stream.StreamConsumerRunner;
import dev.agentplatform.support.stream.StreamConsumerSettings;
import dev.agentplatform.support.stream.StreamEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * One member of the {@code router-service} group on {@code platform.outcomes}, on the platform's
 * {@link StreamConsumerRunner}: applies each outcome to the shared success rates (idempotent by
 * event id), tells the routing history how the task's agent did, and acks only afterwards. Entries
 * that can never be applied go to {@code platform.outcomes.dead}; entries another member left
 * pending past {@code claim-min-idle} are taken over.
 */
public class OutcomeStreamConsumer extends StreamConsumer {

    private static final Logger log = LoggerFactory.getLogger(OutcomeStreamConsumer.class);

    private final SuccessRateTracker tracker;
    private final Consumer<OutcomeRecorded> history;
    private final LearningProperties properties;
    private final JsonMapper json;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter invalid;

    public OutcomeStreamConsumer(
            StringRedisTemplate redis,
            SuccessRateTracker tracker,
            Consumer<OutcomeRecorded> history,
            LearningProperties properties,
            JsonMapper json,
            MeterRegistry meters,
            Tracer tracer,
            Propagator propagator) {
        this.tracker = tracker;
        this.history = history;
        this.properties = properties;
        this.json = json;
        this.applied = outcomes(meters, "applied");
        this.duplicates = outcomes(meters, "duplicate");
        this.invalid = outcomes(meters, "invalid");
        consumeWith(
                new StreamConsumerRunner(
                        redis,
                        StreamConsumerSettings.builder(properties.stream(), properties.group())
                                .consumerName(properties.consumerName())
                                .batchSize(properties.batchSize())
                                .block(properties.block())
                                .retryBackoff(properties.retryBackoff())
                                .claimMinIdle(properties.claimMinIdle())
                                .claimInterval(properties.claimMinIdle())
                                .build(),
                        this,
                        meters,
                        tracer,
                        propagator),
                properties.enabled());
    }

    private static Counter outcomes(MeterRegistry meters, String result) {
        return Counter.builder("router.outcomes")
                .description("Outcome stream entries handled, by result")
                .tag("result", result)
                .register(meters);
    }

    @Override
    public void handle(StreamBatch batch) {
        for (StreamEntry entry : batch.entries()) {
            OutcomeRecorded outcome = parse(entry);
            if (outcome == null) {
                invalid.increment();
                batch.reject(entry, "not an OutcomeRecorded with an agent");
                continue;
            }
            if (tracker.apply(outcome)) {
                applied.increment();
                try {
                    history.accept(outcome);
                } catch (RuntimeException e) {
                    // the history is a record, not the learning itself: losing one outcome there is acceptable
                    log.debug("routing history could not take outcome {}: {}", outcome.eventId(), e.toString());
                }
            } else {
                duplicates.increment();
            }
        }
    }

    private OutcomeRecorded parse(StreamEntry entry) {
        String payload = entry.payload();
        if (payload == null) {
            return null;
        }
        try {
            OutcomeRecorded outcome = json.readValue(payload, OutcomeRecorded.class);
            if (outcome.agent() == null || outcome.agent().isBlank()) {
                return null;
            }
            String eventId = outcome.eventId() != null && !outcome.eventId().isBlank()
                    ? outcome.eventId()
                    : entry.eventId() != null ? entry.eventId() : entry.id();
            return new OutcomeRecorded(
                    eventId,
                    outcome.taskId(),
                    outcome.agent(),
                    outcome.success(),
                    outcome.latencyMs(),
                    outcome.errorKind(),
                    outcome.occurredAt());
        } catch (RuntimeException e) {
            log.warn("outcome entry {} is not an OutcomeRecorded: {}", entry.id(), e.getMessage());
            return null;
        }
    }
}
