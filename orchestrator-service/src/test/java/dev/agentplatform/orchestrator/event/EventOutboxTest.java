package dev.agentplatform.orchestrator.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class EventOutboxTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private static OutboxEntry entry(int n) {
        return new OutboxEntry("platform.usage", "event-" + n, "{\"n\":" + n + "}", "00-trace-" + n);
    }

    private static List<String> ids(List<OutboxEntry> entries) {
        return entries.stream().map(OutboxEntry::eventId).toList();
    }

    @Test
    void drainsEntriesInTheOrderTheyWereWritten() throws IOException {
        EventOutbox outbox = new EventOutbox(dir, json);
        for (int i = 1; i <= 5; i++) {
            outbox.append(entry(i));
        }
        assertThat(outbox.size()).isEqualTo(5);

        List<OutboxEntry> published = new ArrayList<>();
        long drained = outbox.drain(published::add);

        assertThat(drained).isEqualTo(5);
        assertThat(published).containsExactly(entry(1), entry(2), entry(3), entry(4), entry(5));
        assertThat(outbox.size()).isZero();
        assertThat(outbox.drain(published::add)).isZero();
        assertThat(segmentFiles()).isEmpty();
    }

    @Test
    void keepsEveryEntryThatWasNotPublished() throws IOException {
        EventOutbox outbox = new EventOutbox(dir, json);
        for (int i = 1; i <= 4; i++) {
            outbox.append(entry(i));
        }
        List<OutboxEntry> published = new ArrayList<>();

        long drained = outbox.drain(e -> {
            if (e.eventId().equals("event-3")) {
                throw new IllegalStateException("redis is down");
            }
            published.add(e);
        });
        outbox.append(entry(5));

        assertThat(drained).isEqualTo(2);
        assertThat(ids(published)).containsExactly("event-1", "event-2");
        assertThat(outbox.size()).isEqualTo(3);
        published.clear();
        assertThat(outbox.drain(published::add)).isEqualTo(3);
        assertThat(ids(published)).containsExactly("event-3", "event-4", "event-5");
    }

    @Test
    void aRestartedOutboxFindsItsEntriesAgain() throws IOException {
        EventOutbox before = new EventOutbox(dir, json);
        before.append(entry(1));
        before.append(entry(2));

        EventOutbox after = new EventOutbox(dir, json);
        after.append(entry(3));
        List<OutboxEntry> published = new ArrayList<>();

        assertThat(after.size()).isEqualTo(3);
        assertThat(after.drain(published::add)).isEqualTo(3);
        assertThat(ids(published)).containsExactly("event-1", "event-2", "event-3");
    }

    @Test
    void skipsATornLastLineInsteadOfFailing() throws IOException {
        EventOutbox before = new EventOutbox(dir, json);
        before.append(entry(1));
        before.append(entry(2));
        // a crash in the middle of writing the third line
        try (Stream<Path> files = Files.list(dir)) {
            Path segment = files.findFirst().orElseThrow();
            Files.writeString(
                    segment,
                    "{\"stream\":\"platform.usage\",\"eventId\":\"ev",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        }

        EventOutbox after = new EventOutbox(dir, json);
        List<OutboxEntry> published = new ArrayList<>();

        assertThat(after.size()).isEqualTo(2);
        assertThat(after.drain(published::add)).isEqualTo(2);
        assertThat(ids(published)).containsExactly("event-1", "event-2");
        assertThat(segmentFiles()).isEmpty();
    }

    @Test
    void anEmptyOrMissingDirectoryHoldsNothing() {
        EventOutbox outbox = new EventOutbox(dir.resolve("not-yet"), json);

        assertThat(outbox.size()).isZero();
        assertThat(outbox.drain(e -> {
                    throw new AssertionError("nothing to publish");
                }))
                .isZero();
        assertThat(Files.exists(dir.resolve("not-yet"))).isFalse();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
