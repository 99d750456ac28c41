package dev.agentplatform.support.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of one read, in stream order, and the ones the handler rejected: an entry that can
 * never be handled (malformed, refused by the database for good) is rejected and goes to the
 * dead-letter stream at once instead of being retried.
 */
public final class StreamBatch {

    private final List<StreamEntry> entries;
    private final Map<String, String> rejected = new LinkedHashMap<>();

    StreamBatch(List<StreamEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The entries, oldest first. */
    public List<StreamEntry> entries() {
        return entries;
    }

    /** Sends {@code entry} to the dead-letter stream with {@code reason} instead of retrying it. */
    public void reject(StreamEntry entry, String reason) {
        rejected.put(entry.id(), reason);
    }

    Map<String, String> rejected() {
        return rejected;
    }
}
