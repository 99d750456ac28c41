package dev.agentplatform.gateway.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneVectorIndexTest extends VectorIndexContractTest {

    @TempDir
    Path directory;

    @Override
    protected VectorIndex createIndex() {
        return new LuceneVectorIndex(directory.resolve("index"));
    }

    @Test
    void aSecondInstanceOnTheSameDirectoryOpensItsOwnIndex() {
        try (LuceneVectorIndex second = new LuceneVectorIndex(directory.resolve("index"))) {
            assertThat(second.directory()).isNotEqualTo(directory.resolve("index"));
            float[] vector = new float[PromptEmbedder.DIMENSIONS];
            vector[0] = 1f;
            second.upsert(new VectorIndex.Entry(
                    "s",
                    "m",
                    "p",
                    vector,
                    "x".getBytes(StandardCharsets.UTF_8),
                    Instant.now().plusSeconds(60)));
            assertThat(second.search("s", "m", vector, 1, 0.9, Instant.now())).hasSize(1);
        }
    }

    @Test
    void keepsEntriesAcrossARestart() {
        float[] vector = new float[PromptEmbedder.DIMENSIONS];
        vector[3] = 1f;
        index.upsert(new VectorIndex.Entry(
                "s",
                "m",
                "kept",
                vector,
                "x".getBytes(StandardCharsets.UTF_8),
                Instant.now().plusSeconds(60)));
        index.close();

        index = createIndex();

        assertThat(index.search("s", "m", vector, 1, 0.9, Instant.now()))
                .extracting(match -> match.entry().prompt())
                .containsExactly("kept");
    }
}
