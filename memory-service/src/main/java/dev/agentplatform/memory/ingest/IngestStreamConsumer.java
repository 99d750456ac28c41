package dev.agentplatform.memory.ingest;

import dev.agentplatform.memory.cold.ColdProperties;
import dev.agentplatform.memory.warm.Memory;
import dev.agentplatform.memory.warm.TextEmbedder;
import dev.agentplatform.memory.warm.WarmIndex;
import dev.agentplatform.memory.warm.WarmProperties;
import dev.agentplatform.support.stream.StreamBatch;
import dev.agentplatform.support.stream.StreamConsumer;
import dev.agentplatform.support.stream.StreamConsumerRunner;
import dev.agentplatform.support.stream.StreamConsumerSettings;
import dev.agentplatform.support.stream.StreamEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Indexes accepted writes into the WARM tier, off the request path: each entry of the ingest stream
 * is embedded (messages and their segments, a batch's share on each of {@code embed-threads} threads),
 * written to the index (one commit per batch of entries),
 * handed over to the COLD tier's stream when that tier is on, and then deleted from the stream. Delivery is at least once and the index write is idempotent by (user, id); an
 * entry no longer in the stream when its turn comes (its user was forgotten meanwhile) is skipped.
 */
@Component
class IngestStreamConsumer extends StreamConsumer implements DisposableBean {

    private final IngestQueue queue;
    private final WarmIndex index;
    private final TextEmbedder embedder;
    private final Segmenter segmenter;
    private final UserLocks locks;
    private final Counter indexed;
    private final Timer lag;
    private final String stream;
    private final boolean coldEnabled;
    private final int embedThreads;
    private final ExecutorService embedding;

    IngestStreamConsumer(
            StringRedisTemplate redis,
            IngestQueue queue,
            WarmIndex index,
            TextEmbedder embedder,
            UserLocks locks,
            IngestProperties properties,
            WarmProperties warm,
            ColdProperties cold,
            MeterRegistry meters,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        this.queue = queue;
        this.index = index;
        this.embedder = embedder;
        this.segmenter = new Segmenter(warm.segmentSize());
        this.locks = locks;
        this.stream = properties.stream();
        this.coldEnabled = cold.enabled();
        this.embedThreads = properties.embedThreads();
        AtomicInteger n = new AtomicInteger();
        this.embedding = embedThreads == 1
                ? null
                : Executors.newFixedThreadPool(embedThreads, task -> {
                    Thread thread = new Thread(task, "memory.embed-" + n.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.indexed = Counter.builder("memory.warm.indexed")
                .description("Messages embedded and indexed into the WARM tier")
                .register(meters);
        this.lag = Timer.builder("memory.ingest.lag")
                .description("Time from a write's acceptance until its messages are searchable")
                .publishPercentiles(0.5, 0.95)
                .register(meters);
        consumeWith(
                new StreamConsumerRunner(
                        redis,
                        settings(properties.stream(), properties.deadLetterStream(), properties)
                                .maxDeliveries(properties.maxDeliveries())
                                .build(),
                        this,
                        meters,
                        tracer.getIfAvailable(),
                        propagator.getIfAvailable()),
                properties.enabled());
    }

    /** How both ingest streams are read: one write per entry, no lingering, a dead member's entries taken over. */
    static StreamConsumerSettings.Builder settings(String stream, String deadLetters, IngestProperties properties) {
        return StreamConsumerSettings.builder(stream, properties.group())
                .batchSize(properties.batchSize())
                .block(Duration.ofSeconds(1))
                .claimMinIdle(properties.claimMinIdle())
                .claimInterval(properties.claimMinIdle())
                .deadLetterStream(deadLetters)
                .linger(Duration.ZERO);
    }

    /** An entry read and embedded, waiting for the batch's one index write. */
    private record ReadEntry(StreamEntry entry, MemoriesAccepted write, List<WarmIndex.Embedded> memories)
            implements IngestQueue.Queued {

        @Override
        public String userId() {
            return write.userId();
        }
    }

    /**
     * Embeds every entry of the batch first (no lock held), then, holding the locks of every user in
     * the batch, writes the entries still in the stream to the index with one commit, hands them over
     * to COLD (one round trip) and deletes them from the stream. One commit per batch rather than per
     * entry: a commit flushes a segment and syncs it to disk, which cost twice the embedding when each
     * message came in its own request (bench/memory). A batch of large writes is indexed in runs of at
     * most {@link IngestQueue#RUN_SIZE} memories, each embedded and committed in turn. A forget waits for the locks, so it never lands between the
     * write and the hand-over; a crash before the deletes leaves the entries to be delivered again.
     */
    @Override
    public void handle(StreamBatch batch) {
        List<ReadEntry> read = new ArrayList<>();
        for (StreamEntry entry : batch.entries()) {
            MemoriesAccepted write = queue.read(batch, entry);
            if (write == null) {
                continue;
            }
            read.add(new ReadEntry(
                    entry,
                    write,
                    new ArrayList<>(segmenter.memories(messages(write)).stream()
                            .map(m -> new WarmIndex.Embedded(m, null))
                            .toList())));
        }
        for (List<ReadEntry> run : IngestQueue.runs(read, e -> e.memories().size(), IngestQueue.RUN_SIZE)) {
            index(run);
        }
    }

    private void index(List<ReadEntry> read) {
        embed(read);
        List<ReadEntry> written = queue.writeStillQueued(stream, read, locks, live -> {
            index.upsert(live.stream().flatMap(e -> e.memories().stream()).toList());
            if (coldEnabled) {
                // delivered at least once: a crash before the delete hands it over again, and the
                // graph write is idempotent
                queue.handOverToCold(live.stream().map(ReadEntry::write).toList());
            }
        });
        long now = System.currentTimeMillis();
        for (ReadEntry e : written) {
            indexed.increment(e.write().messages().size());
            String id = e.entry().id();
            long acceptedAt = Long.parseLong(id.substring(0, id.indexOf('-')));
            lag.record(Duration.ofMillis(Math.max(0, now - acceptedAt)));
        }
    }

    /**
     * Embeds every memory of the batch in place, split over the embedding threads in contiguous
     * shares (with {@code embedding: minilm} the ONNX session runs concurrent inferences, each on its caller's thread).
     */
    private void embed(List<ReadEntry> read) {
        List<List<WarmIndex.Embedded>> slots = new ArrayList<>();
        List<Integer> places = new ArrayList<>();
        for (ReadEntry e : read) {
            for (int i = 0; i < e.memories().size(); i++) {
                slots.add(e.memories());
                places.add(i);
            }
        }
        Runnable[] shares = new Runnable[Math.min(embedThreads, slots.size())];
        for (int s = 0; s < shares.length; s++) {
            int from = slots.size() * s / shares.length;
            int to = slots.size() * (s + 1) / shares.length;
            shares[s] = () -> {
                for (int k = from; k < to; k++) {
                    List<WarmIndex.Embedded> memories = slots.get(k);
                    int place = places.get(k);
                    Memory memory = memories.get(place).memory();
                    memories.set(place, WarmIndex.Embedded.of(memory, embedder));
                }
            };
        }
        if (embedding == null || shares.length == 1) {
            for (Runnable share : shares) {
                share.run();
            }
            return;
        }
        CompletableFuture<?>[] running = new CompletableFuture<?>[shares.length];
        for (int s = 0; s < shares.length; s++) {
            running[s] = CompletableFuture.runAsync(shares[s], embedding);
        }
        try {
            CompletableFuture.allOf(running).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void destroy() {
        if (embedding != null) {
            embedding.shutdownNow();
        }
    }

    static List<Memory> messages(MemoriesAccepted write) {
        List<Memory> messages = new ArrayList<>(write.messages().size());
        for (IngestedMessage m : write.messages()) {
            messages.add(new Memory(
                    write.userId(),
                    m.id(),
                    Memory.MESSAGE,
                    write.conversationId(),
                    m.role(),
                    m.name(),
                    m.name() == null ? m.content() : m.name() + ": " + m.content(),
                    Instant.parse(m.timestamp()),
                    List.of(m.id())));
        }
        return messages;
    }
}
