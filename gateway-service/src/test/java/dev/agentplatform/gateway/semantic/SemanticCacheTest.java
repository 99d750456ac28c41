package dev.agentplatform.gateway.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SemanticCacheTest {

    private static final PromptEmbedder embedder = SharedEmbedder.EMBEDDER;
    private static final String AUSTRALIA = "What is the capital city of Australia and why was it chosen?";

    @TempDir
    Path directory;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T04:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private LuceneVectorIndex index;
    private SemanticCache cache;

    @BeforeEach
    void open() {
        index = new LuceneVectorIndex(directory.resolve("index"));
        cache = new SemanticCache(index, LabelledPairs.properties(0.90, directory.toString()), meters, clock());
    }

    @AfterEach
    void close() {
        cache.destroy();
        index.close();
    }

    private Clock clock() {
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }

    private void store(String scope, String model, String prompt, String answer) {
        cache.store(scope, model, prompt, embedder.embedBlocking(prompt), answer.getBytes(StandardCharsets.UTF_8))
                .block();
    }

    private Optional<SemanticHit> lookup(String scope, String model, String prompt) {
        return cache.lookup(scope, model, prompt, embedder.embedBlocking(prompt))
                .block();
    }

    @Test
    void servesAParaphraseWithTheStoredAnswerAndItsSimilarity() {
        store("user-1", "auto", AUSTRALIA, "Canberra");

        Optional<SemanticHit> hit =
                lookup("user-1", "auto", "Which city is Australia's capital, and why was it chosen?");

        assertThat(hit).isPresent();
        assertThat(new String(hit.get().cachedResponse(), StandardCharsets.UTF_8))
                .isEqualTo("Canberra");
        assertThat(hit.get().matchedPrompt()).isEqualTo(AUSTRALIA);
        assertThat(hit.get().similarity()).isBetween(0.90, 1.0);
    }

    @Test
    void doesNotServeAnAnswerToADifferentNumber() {
        store("user-1", "auto", "What is 17 times 23?", "391");

        assertThat(lookup("user-1", "auto", "What is 17 times 24?")).isEmpty();
        assertThat(lookup("user-1", "auto", "What is 17 times 23?")).isPresent();
    }

    @Test
    void keepsTenantsAndModelsApart() {
        store("user-1", "auto", AUSTRALIA, "Canberra");

        assertThat(lookup("user-2", "auto", AUSTRALIA)).isEmpty();
        assertThat(lookup("user-1", "research", AUSTRALIA)).isEmpty();
    }

    @Test
    void stopsServingAnEntryAfterItsTtl() {
        store("user-1", "auto", AUSTRALIA, "Canberra");

        now.set(now.get().plus(Duration.ofHours(1)).plusSeconds(1));

        assertThat(lookup("user-1", "auto", AUSTRALIA)).isEmpty();
    }

    @Test
    void treatsAFailingIndexAsAMiss() {
        VectorIndex broken = new VectorIndex() {
            @Override
            public void upsert(Entry entry) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public List<Match> search(
                    String scope, String model, float[] vector, int limit, double minSimilarity, Instant at) {
                throw new IllegalStateException("disk gone");
            }

            @Override
            public void clear() {}

            @Override
            public void close() {}
        };
        SemanticCache failing = new SemanticCache(broken, LabelledPairs.properties(0.90, "unused"), meters, clock());
        float[] vector = embedder.embedBlocking(AUSTRALIA);

        assertThat(failing.store("u", "auto", AUSTRALIA, vector, new byte[] {1}).blockOptional())
                .isEmpty();
        assertThat(failing.lookup("u", "auto", AUSTRALIA, vector).block()).isEmpty();
        assertThat(meters.get("gateway.semantic.lookup")
                        .tag("result", "error")
                        .timer()
                        .count())
                .isEqualTo(1);
        failing.destroy();
    }

    @Test
    void skipsPromptsLongerThanTheLimitAndVectorsOfTheWrongSize() {
        String longPrompt = "word ".repeat(500);
        store("user-1", "auto", longPrompt, "x");

        assertThat(lookup("user-1", "auto", longPrompt)).isEmpty();
        assertThat(cache.lookup("user-1", "auto", AUSTRALIA, new float[3]).block())
                .isEmpty();
    }

    @Test
    void timesLookupsByResult() {
        store("user-1", "auto", AUSTRALIA, "Canberra");
        lookup("user-1", "auto", AUSTRALIA);
        lookup("user-1", "auto", "Write a haiku about rivers");

        assertThat(meters.get("gateway.semantic.lookup")
                        .tag("result", "hit")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("gateway.semantic.lookup")
                        .tag("result", "miss")
                        .timer()
                        .count())
                .isEqualTo(1);
    }
}
