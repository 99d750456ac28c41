package dev.agentplatform.cost.ingest;

import dev.agentplatform.common.Streams;
import dev.agentplatform.common.UsageRecorded;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** Turns a usage stream entry into a bookable event, or says why it is not one. */
class UsageEventParser {

    private static final int MAX_ID_LENGTH = 200;

    private static final Pattern RESERVATION_ID = Pattern.compile("[0-9a-f-]{36}");

    private final ObjectReader reader;
    private final Clock clock;

    UsageEventParser(JsonMapper json, Clock clock) {
        // Lenient where the producer may lag or lead this version: token counts left out are 0 (the
        // cost is what must be booked), and fields this version does not know are ignored.
        this.reader = json.readerFor(UsageRecorded.class)
                .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.clock = clock;
    }

    UsageRecorded parse(Map<String, String> fields) throws InvalidUsageEvent {
        String payload = fields.get(Streams.FIELD_PAYLOAD);
        if (payload == null || payload.isBlank()) {
            throw new InvalidUsageEvent("no " + Streams.FIELD_PAYLOAD + " field");
        }
        UsageRecorded event;
        try {
            event = reader.readValue(payload);
        } catch (JacksonException e) {
            throw new InvalidUsageEvent("payload is not a UsageRecorded: " + e.getOriginalMessage(), e);
        }
        if (event == null) {
            throw new InvalidUsageEvent("payload is null");
        }
        // The payload's id is the one the producer made the event with; the entry field is a copy
        // for consumers that do not parse the payload, used only when the payload has none.
        String eventId = event.eventId() != null ? event.eventId() : fields.get(Streams.FIELD_EVENT_ID);
        requireId("eventId", eventId);
        requireId("userId", event.userId());
        if (event.costUsd() == null || event.costUsd().signum() < 0) {
            throw new InvalidUsageEvent("costUsd must be 0 or more, was " + event.costUsd());
        }
        if (event.promptTokens() < 0 || event.completionTokens() < 0) {
            throw new InvalidUsageEvent("token counts must be 0 or more");
        }
        optionalId("tier", event.tier());
        optionalId("team", event.team());
        optionalId("keyId", event.keyId());
        if (event.reservationId() != null
                && !RESERVATION_ID.matcher(event.reservationId()).matches()) {
            throw new InvalidUsageEvent("reservationId must be the UUID a reservation was answered with");
        }
        return new UsageRecorded(
                eventId,
                event.requestId(),
                event.taskId(),
                event.userId(),
                event.agent(),
                event.provider(),
                event.model(),
                event.promptTokens(),
                event.completionTokens(),
                event.costUsd(),
                event.occurredAt() != null ? event.occurredAt() : clock.instant(),
                event.tier(),
                event.team(),
                event.keyId(),
                event.reservationId(),
                event.settles());
    }

    private static void optionalId(String name, String value) throws InvalidUsageEvent {
        if (value != null) {
            requireId(name, value);
        }
    }

    private static void requireId(String name, String value) throws InvalidUsageEvent {
        if (value == null || value.isBlank()) {
            throw new InvalidUsageEvent(name + " is missing");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidUsageEvent(name + " is longer than " + MAX_ID_LENGTH + " characters");
        }
    }
}
