package dev.agentplatform.orchestrator.event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local append-only outbox for events that could not be published: one JSON line per event in
 * segment files {@code outbox-<n>.jsonl} under one directory, each line forced to disk before
 * {@link #append} returns.
 *
 * <p>Appends go to the active segment. {@link #drain} seals it (the next append starts a new one)
 * and then publishes the sealed segments oldest first, line by line; a segment is deleted once
 * every entry in it was published, and rewritten with the rest when publishing stops part way, so
 * an entry leaves the outbox only after it was published. A restarted process finds the segments
 * again. A line that does not parse (the torn last line of a crash) is skipped with a warning.
 *
 * <p>One directory belongs to one process: two processes sharing it would publish entries twice.
 */
final class EventOutbox {

    private static final Logger log = LoggerFactory.getLogger(EventOutbox.class);
    private static final Pattern SEGMENT = Pattern.compile("outbox-(\\d{12})\\.jsonl");

    /** Publishes one entry, throwing when it could not be. */
    @FunctionalInterface
    interface Publisher {
        void publish(OutboxEntry entry);
    }

    private final Path dir;
    private final JsonMapper json;
    private final AtomicLong size = new AtomicLong();
    private final Object drainLock = new Object();

    private long nextSegment;
    private FileChannel active;
    private Path activePath;

    EventOutbox(Path dir, JsonMapper json) {
        this.dir = dir;
        this.json = json;
        long last = 0;
        long entries = 0;
        for (Path segment : segments(Long.MAX_VALUE)) {
            last = Math.max(last, number(segment));
            entries += read(segment).size();
        }
        this.nextSegment = last + 1;
        size.set(entries);
        if (entries > 0) {
            log.warn("event outbox {} holds {} unpublished events from before", dir, entries);
        }
    }

    /** Where the segments live. */
    Path dir() {
        return dir;
    }

    /** Entries not yet published. */
    long size() {
        return size.get();
    }

    /** Writes {@code entry} to the active segment and forces it to disk. */
    synchronized void append(OutboxEntry entry) throws IOException {
        if (active == null) {
            Files.createDirectories(dir);
            activePath = dir.resolve(name(nextSegment++));
            active = FileChannel.open(
                    activePath, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        ByteBuffer line = ByteBuffer.wrap((json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            active.write(line);
        }
        active.force(false);
        size.incrementAndGet();
    }

    /**
     * Publishes the outbox's entries in the order they were written, until one fails.
     *
     * @return how many were published (and removed)
     */
    long drain(Publisher publisher) {
        synchronized (drainLock) {
            long sealed = seal();
            long published = 0;
            for (Path segment : segments(sealed)) {
                List<OutboxEntry> entries = read(segment);
                int done = 0;
                try {
                    for (OutboxEntry entry : entries) {
                        publisher.publish(entry);
                        done++;
                        size.decrementAndGet();
                    }
                } catch (RuntimeException e) {
                    log.debug("outbox drain stopped after {} events: {}", published + done, e.toString());
                    keepRest(segment, entries.subList(done, entries.size()));
                    return published + done;
                }
                published += done;
                delete(segment);
            }
            return published;
        }
    }

    /**
     * Closes the active segment so that the drain may take it; the next append opens a new one.
     *
     * @return the number of the first segment not sealed
     */
    private synchronized long seal() {
        if (active == null) {
            return nextSegment;
        }
        try {
            active.close();
        } catch (IOException e) {
            log.warn("could not close outbox segment {}: {}", activePath, e.toString());
        }
        active = null;
        activePath = null;
        return nextSegment;
    }

    private void keepRest(Path segment, List<OutboxEntry> rest) {
        Path tmp = segment.resolveSibling(segment.getFileName() + ".tmp");
        try {
            StringBuilder text = new StringBuilder();
            for (OutboxEntry entry : rest) {
                text.append(json.writeValueAsString(entry)).append('\n');
            }
            try (FileChannel out = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(false);
            }
            Files.move(tmp, segment, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The segment stays whole: its published entries go out again, and consumers dedupe by id.
            throw new UncheckedIOException("could not rewrite outbox segment " + segment, e);
        }
    }

    private static void delete(Path segment) {
        try {
            Files.deleteIfExists(segment);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete drained outbox segment " + segment, e);
        }
    }

    /** The segments numbered below {@code below}, oldest first. */
    private List<Path> segments(long below) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> SEGMENT.matcher(f.getFileName().toString()).matches())
                    .filter(f -> number(f) < below)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list event outbox " + dir, e);
        }
    }

    private List<OutboxEntry> read(Path segment) {
        List<String> lines;
        try {
            lines = Files.readAllLines(segment, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read outbox segment " + segment, e);
        }
        List<OutboxEntry> entries = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                OutboxEntry entry = json.readValue(line, OutboxEntry.class);
                if (entry.stream() == null || entry.eventId() == null || entry.payload() == null) {
                    throw new IllegalArgumentException("stream, eventId or payload missing");
                }
                entries.add(entry);
            } catch (JacksonException | IllegalArgumentException e) {
                log.warn("skipping unreadable line {} of outbox segment {}: {}", i + 1, segment, e.getMessage());
            }
        }
        return entries;
    }

    private static long number(Path segment) {
        Matcher m = SEGMENT.matcher(segment.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String name(long number) {
        return String.format("outbox-%012d.jsonl", number);
    }
}
