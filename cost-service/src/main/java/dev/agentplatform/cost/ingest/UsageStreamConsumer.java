package dev.agentplatform.cost.ingest;

import dev.agentplatform.common.Streams;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.cost.ledger.UsageLedger;
import dev.agentplatform.cost.ledger.UsageLedger.Booking;
import dev.agentplatform.cost.reservation.ReservationService;
import dev.agentplatform.cost.reservation.SpendCounters;
import dev.agentplatform.support.stream.StreamBatch;
import dev.agentplatform.support.stream.StreamConsumer;
import dev.agentplatform.support.stream.StreamConsumerRunner;
import dev.agentplatform.support.stream.StreamEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Books the usage stream into the ledger, one consumer-group member on the platform's
 * {@link StreamConsumerRunner}: each batch read is booked with one multi-row insert, then the events
 * made under a budget hold are booked in the hold's budgets with one Redis script, which settles a
 * hold with its last event ({@link ReservationService#bookUsage}); the batch is acked only afterwards
 * (at-least-once; the ledger and the script book an event id once, so redelivery is harmless).
 *
 * <p>PostgreSQL or Redis unreachable: the batch stays pending and is retried after a pause. Entries
 * that can never be booked (not a usage event, or a row the database refuses) go to the
 * dead-letter stream. Entries another member left pending longer than {@code claim-min-idle} are
 * taken over every {@code claim-interval}.
 */
@Component
class UsageStreamConsumer extends StreamConsumer {

    private static final Logger log = LoggerFactory.getLogger(UsageStreamConsumer.class);

    private final UsageLedger ledger;
    private final ReservationService reservations;
    private final SpendCounters counters;
    private final UsageStreamProperties properties;
    private final UsageEventParser parser;
    private final MeterRegistry meters;
    private final Counter booked;
    private final Counter duplicates;
    private final Counter deadLettered;

    UsageStreamConsumer(
            StringRedisTemplate redis,
            UsageLedger ledger,
            ReservationService reservations,
            SpendCounters counters,
            UsageStreamProperties properties,
            JsonMapper json,
            Clock clock,
            MeterRegistry meters,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        this.ledger = ledger;
        this.reservations = reservations;
        this.counters = counters;
        this.properties = properties;
        this.parser = new UsageEventParser(json, clock);
        this.meters = meters;
        this.booked = events(meters, "booked");
        this.duplicates = events(meters, "duplicate");
        this.deadLettered = events(meters, "dead_lettered");
        consumeWith(
                new StreamConsumerRunner(
                        redis,
                        properties.settings(properties.stream(), properties.group(), properties.deadLetterStream()),
                        this,
                        meters,
                        tracer.getIfAvailable(),
                        propagator.getIfAvailable()),
                properties.enabled());
    }

    /** The histogram of one agent's cost per call (agents are few: the registry's). */
    private DistributionSummary costPerRequest(String agent) {
        return DistributionSummary.builder("cost.per.request")
                .description("Cost of each booked usage event (one LLM or tool call), per agent")
                .baseUnit("dollars")
                .tag("agent", agent == null || agent.isBlank() ? "unknown" : agent)
                .serviceLevelObjectives(0.00001, 0.0001, 0.001, 0.01, 0.1, 1.0)
                .register(meters);
    }

    private static Counter events(MeterRegistry meters, String outcome) {
        return Counter.builder("cost.usage.events")
                .description("Usage stream entries handled, by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public void handle(StreamBatch batch) {
        List<Booking> bookings = new ArrayList<>(batch.entries().size());
        List<StreamEntry> bookable = new ArrayList<>(batch.entries().size());
        for (StreamEntry entry : batch.entries()) {
            try {
                bookings.add(
                        new Booking(parser.parse(entry.fields()), entry.fields().get(Streams.FIELD_TRACEPARENT)));
                bookable.add(entry);
            } catch (InvalidUsageEvent e) {
                reject(batch, entry, e.getMessage());
            }
        }
        List<UsageRecorded> inLedger = new ArrayList<>(bookings.size());
        List<UsageRecorded> newly = new ArrayList<>(bookings.size());
        try {
            counted(bookings, ledger.bookAll(bookings), inLedger, newly);
        } catch (DataIntegrityViolationException e) {
            // One row the database refuses (e.g. a cost beyond numeric(18,8)) fails the whole insert:
            // book one by one, so that only that row is left out.
            for (int i = 0; i < bookings.size(); i++) {
                try {
                    counted(List.of(bookings.get(i)), ledger.bookAll(List.of(bookings.get(i))), inLedger, newly);
                } catch (DataIntegrityViolationException refused) {
                    reject(
                            batch,
                            bookable.get(i),
                            "rejected by the ledger: "
                                    + refused.getMostSpecificCause().getMessage());
                }
            }
        }
        // Spend without a hold goes into the budget counters that exist, once (only what the ledger
        // took newly; a redelivery was counted when it was new).
        counters.addUnheld(newly);
        // The ledger has them (newly or from an earlier delivery): now the holds they were made
        // under, in one step; a redelivery is recognised there too. Redis down: the batch stays
        // pending and both steps are repeated, each once in effect.
        for (ReservationService.HoldBooking booking : reservations.bookUsage(inLedger)) {
            holds(booking.outcome()).increment();
            if (booking.outcome() == ReservationService.HoldBooking.Outcome.UNKNOWN_HOLD
                    || booking.outcome() == ReservationService.HoldBooking.Outcome.FOREIGN_HOLD) {
                log.warn(
                        "usage event {} names hold {}, which is {}; its cost is in the ledger, and the"
                                + " reconciler brings the budgets to it",
                        booking.event().eventId(),
                        booking.event().reservationId(),
                        booking.outcome() == ReservationService.HoldBooking.Outcome.UNKNOWN_HOLD
                                ? "unknown"
                                : "another user's");
            }
        }
    }

    private Counter holds(ReservationService.HoldBooking.Outcome outcome) {
        return Counter.builder("cost.usage.holds")
                .description("Usage events with a budget hold, by how they were booked in its budgets")
                .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .register(meters);
    }

    private void counted(
            List<Booking> bookings, Set<String> newlyBooked, List<UsageRecorded> inLedger, List<UsageRecorded> newly) {
        for (Booking booking : bookings) {
            UsageRecorded event = booking.event();
            inLedger.add(event);
            if (newlyBooked.remove(event.eventId())) {
                newly.add(event);
                booked.increment();
                costPerRequest(event.agent()).record(event.costUsd().doubleValue());
                if (event.costUsd().signum() > 0) {
                    meters.counter(
                                    "platform.spend.usd",
                                    "agent",
                                    label(event.agent()),
                                    "provider",
                                    label(event.provider()),
                                    "tier",
                                    label(event.tier()))
                            .increment(event.costUsd().doubleValue());
                }
            } else {
                duplicates.increment();
                log.debug("usage event {} was already booked", event.eventId());
            }
        }
    }

    private static String label(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }

    private void reject(StreamBatch batch, StreamEntry entry, String reason) {
        batch.reject(entry, reason);
        deadLettered.increment();
    }
}
