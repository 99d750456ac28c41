package dev.agentplatform.gateway.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link VectorIndex} adapter must do; each adapter's test extends this. */
abstract class VectorIndexContractTest {

    private static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");

    protected VectorIndex index;

    protected abstract VectorIndex createIndex();

    @BeforeEach
    void open() {
        index = createIndex();
        index.clear();
    }

    @AfterEach
    void close() {
        index.clear();
        index.close();
    }

    private static float[] unit(int hot, float spill) {
        float[] vector = new float[PromptEmbedder.DIMENSIONS];
        vector[hot] = 1f;
        vector[(hot + 1) % vector.length] = spill;
        return PromptEmbedder.normalise(vector);
    }

    private static VectorIndex.Entry entry(
            String scope, String model, String prompt, float[] vector, Instant expiresAt) {
        return new VectorIndex.Entry(scope, model, prompt, vector, prompt.getBytes(StandardCharsets.UTF_8), expiresAt);
    }

    @Test
    void findsTheNearestEntryWithItsPayloadAndSimilarity() {
        index.upsert(entry("tenant-a", "auto", "near", unit(0, 0.1f), NOW.plusSeconds(60)));
        index.upsert(entry("tenant-a", "auto", "far", unit(5, 0f), NOW.plusSeconds(60)));

        List<VectorIndex.Match> matches = index.search("tenant-a", "auto", unit(0, 0f), 5, 0.5, NOW);

        assertThat(matches).hasSize(1);
        assertThat(matches.get(0).entry().prompt()).isEqualTo("near");
        assertThat(new String(matches.get(0).entry().payload(), StandardCharsets.UTF_8))
                .isEqualTo("near");
        assertThat(matches.get(0).similarity()).isBetween(0.99, 1.0);
    }

    @Test
    void neverReturnsAnotherScopesOrModelsEntries() {
        index.upsert(entry("tenant-a", "auto", "a's prompt", unit(0, 0f), NOW.plusSeconds(60)));
        index.upsert(entry("tenant-b", "gpt", "b's prompt", unit(0, 0f), NOW.plusSeconds(60)));

        assertThat(index.search("tenant-b", "auto", unit(0, 0f), 5, 0.0, NOW)).isEmpty();
        assertThat(index.search("tenant-a", "gpt", unit(0, 0f), 5, 0.0, NOW)).isEmpty();
        assertThat(index.search("tenant-b", "gpt", unit(0, 0f), 5, 0.0, NOW))
                .extracting(match -> match.entry().prompt())
                .containsExactly("b's prompt");
    }

    @Test
    void neverReturnsExpiredEntries() {
        index.upsert(entry("tenant-a", "auto", "old", unit(0, 0f), NOW.minus(Duration.ofSeconds(1))));

        assertThat(index.search("tenant-a", "auto", unit(0, 0f), 5, 0.0, NOW)).isEmpty();
    }

    @Test
    void replacesAnEntryForTheSamePrompt() {
        index.upsert(entry("tenant-a", "auto", "same", unit(0, 0f), NOW.plusSeconds(60)));
        index.upsert(new VectorIndex.Entry(
                "tenant-a",
                "auto",
                "same",
                unit(0, 0f),
                "newer".getBytes(StandardCharsets.UTF_8),
                NOW.plusSeconds(60)));

        List<VectorIndex.Match> matches = index.search("tenant-a", "auto", unit(0, 0f), 5, 0.0, NOW);

        assertThat(matches).hasSize(1);
        assertThat(new String(matches.get(0).entry().payload(), StandardCharsets.UTF_8))
                .isEqualTo("newer");
    }

    @Test
    void ordersMatchesMostSimilarFirstAndHonoursTheLimit() {
        index.upsert(entry("tenant-a", "auto", "exact", unit(0, 0f), NOW.plusSeconds(60)));
        index.upsert(entry("tenant-a", "auto", "close", unit(0, 0.3f), NOW.plusSeconds(60)));
        index.upsert(entry("tenant-a", "auto", "closer", unit(0, 0.1f), NOW.plusSeconds(60)));

        assertThat(index.search("tenant-a", "auto", unit(0, 0f), 2, 0.0, NOW))
                .extracting(match -> match.entry().prompt())
                .containsExactly("exact", "closer");
    }
}
