package dev.agentplatform.support.stream;

import dev.agentplatform.common.Streams;
import java.util.Map;

/**
 * One stream entry as a handler sees it.
 *
 * @param id the entry's stream id, e.g. {@code 1733443200000-0}
 * @param fields its fields; empty when the entry was deleted from the stream while pending
 */
public record StreamEntry(String id, Map<String, String> fields) {

    public StreamEntry {
        fields = Map.copyOf(fields);
    }

    /** The {@code payload} field, or {@code null}. */
    public String payload() {
        return fields.get(Streams.FIELD_PAYLOAD);
    }

    /** The {@code eventId} field, or {@code null}. */
    public String eventId() {
        return fields.get(Streams.FIELD_EVENT_ID);
    }
}
