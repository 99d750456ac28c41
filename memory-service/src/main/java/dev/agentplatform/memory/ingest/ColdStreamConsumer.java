package dev.agentplatform.memory.ingest;

import dev.agentplatform.memory.cold.ColdGraph;
import dev.agentplatform.memory.cold.Extraction;
import dev.agentplatform.memory.cold.Extractor;
import dev.agentplatform.support.stream.StreamBatch;
import dev.agentplatform.support.stream.StreamConsumer;
import dev.agentplatform.support.stream.StreamConsumerRunner;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Extracts entities and facts from writes already in WARM and writes them to the COLD graph, off
 * the request path and after WARM (a memory is searchable in WARM whatever the graph's state).
 * Runs only when the COLD tier is on. While Neo4j is away entries stay in the stream and are
 * retried (counted as pending); an entry that keeps failing goes to {@code <stream>.cold.dead}.
 */
@Component
class ColdStreamConsumer extends StreamConsumer {

    private final IngestQueue queue;
    private final ColdGraph graph;
    private final Extractor extractor;
    private final UserLocks locks;
    private final String stream;
    private final Counter extracted;
    private final Counter facts;
    private final Timer cost;

    ColdStreamConsumer(
            StringRedisTemplate redis,
            IngestQueue queue,
            ObjectProvider<ColdGraph> graph,
            ObjectProvider<Extractor> extractor,
            UserLocks locks,
            IngestProperties properties,
            MeterRegistry meters,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        this.queue = queue;
        this.graph = graph.getIfAvailable();
        this.extractor = extractor.getIfAvailable();
        this.locks = locks;
        this.stream = properties.coldStream();
        this.extracted = Counter.builder("memory.cold.extracted")
                .description("Messages whose entities and facts were written to the COLD graph")
                .register(meters);
        this.facts = Counter.builder("memory.cold.facts")
                .description("Facts extracted into the COLD graph")
                .register(meters);
        this.cost = Timer.builder("memory.cold.write")
                .description("Extraction and graph write of one write's messages (its share of its batch)")
                .publishPercentiles(0.5, 0.95)
                .register(meters);
        consumeWith(
                new StreamConsumerRunner(
                        redis,
                        IngestStreamConsumer.settings(stream, properties.coldDeadLetterStream(), properties)
                                // Neo4j restarting is not a reason to give a write up
                                .maxDeliveries(Math.max(properties.maxDeliveries(), 20))
                                .retryBackoff(Duration.ofSeconds(2))
                                .build(),
                        this,
                        meters,
                        tracer.getIfAvailable(),
                        propagator.getIfAvailable()),
                properties.enabled() && this.graph != null);
    }

    /** An entry read and extracted, waiting for the batch's one graph write. */
    private record ReadEntry(StreamEntry entry, ColdGraph.Write write, int facts) implements IngestQueue.Queued {

        @Override
        public String userId() {
            return write.userId();
        }
    }

    /**
     * Extracts every entry of the batch first (no lock held), then, holding the locks of every user
     * in the batch, writes the entries still in the stream to the graph in one transaction and deletes
     * them from the stream (one log flush in Neo4j per batch, not per write; a batch of large writes in
     * runs of at most {@link IngestQueue#RUN_SIZE} messages, a transaction each).
     */
    @Override
    public void handle(StreamBatch batch) {
        long started = System.nanoTime();
        List<StreamEntry> entries = new ArrayList<>();
        List<MemoriesAccepted> writes = new ArrayList<>();
        for (StreamEntry entry : batch.entries()) {
            MemoriesAccepted write = queue.read(batch, entry);
            if (write != null) {
                entries.add(entry);
                writes.add(write);
            }
        }
        List<List<Extraction>> extractions = extractor.extractAll(writes.stream()
                .map(w -> new Extractor.Write(
                        w.userId(),
                        w.messages().stream()
                                .map(m -> new Extractor.Utterance(m.name(), m.content()))
                                .toList(),
                        w.tier(),
                        w.keyId(),
                        w.team()))
                .toList());
        List<ReadEntry> read = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            MemoriesAccepted write = writes.get(i);
            List<ColdGraph.Said> said = new ArrayList<>(write.messages().size());
            int n = 0;
            for (int j = 0; j < write.messages().size(); j++) {
                IngestedMessage m = write.messages().get(j);
                Extraction extraction = extractions.get(i).get(j);
                n += extraction.facts().size();
                said.add(new ColdGraph.Said(m.id(), m.name(), Instant.parse(m.timestamp()), extraction));
            }
            read.add(new ReadEntry(
                    entries.get(i), new ColdGraph.Write(write.userId(), write.conversationId(), said), n));
        }
        List<ReadEntry> written = new ArrayList<>();
        for (List<ReadEntry> run :
                IngestQueue.runs(read, e -> e.write().messages().size(), IngestQueue.RUN_SIZE)) {
            written.addAll(queue.writeStillQueued(
                    stream,
                    run,
                    locks,
                    live -> graph.write(live.stream().map(ReadEntry::write).toList())));
        }
        if (written.isEmpty()) {
            return;
        }
        Duration each = Duration.ofNanos((System.nanoTime() - started) / written.size());
        for (ReadEntry e : written) {
            cost.record(each);
            extracted.increment(e.write().messages().size());
            facts.increment(e.facts());
        }
    }
}
