package dev.agentplatform.memory.warm;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the WARM tier.
 *
 * @param indexDir where the Lucene index lives; must persist across restarts in production
 *     (default {@code agent-platform/memory-warm} under {@code java.io.tmpdir}; resolved here because
 *     a {@code @DefaultValue} is bound as written, without resolving placeholders)
 * @param segmentSize messages per segment memory, each message starting one (count, default 3; 1
 *     stores messages only)
 * @param fusion how the three rankings are fused
 * @param embedding what memories and queries are embedded with (default {@code static}: MiniLM
 *     distilled into word-piece vectors, microseconds a text; {@code minilm}: the model itself, 2-4
 *     ms a text); changing it embeds the index again at start
 */
@ConfigurationProperties("platform.memory.warm")
@Validated
public record WarmProperties(
        Path indexDir,

        @DefaultValue("3") @Min(1) @Max(10) int segmentSize,
        @DefaultValue @Valid @NotNull Fusion fusion,
        @DefaultValue("static") @NotNull Embedding embedding) {

    /** The WARM tier's embeddings. */
    public enum Embedding {
        /** {@link StaticEmbedder}. */
        STATIC,
        /** MiniLM itself ({@link dev.agentplatform.support.embedding.MiniLmEmbedder}). */
        MINILM
    }

    public WarmProperties {
        if (indexDir == null) {
            indexDir = Path.of(System.getProperty("java.io.tmpdir"), "agent-platform", "memory-warm");
        }
    }

    /**
     * Weighted reciprocal rank fusion.
     *
     * @param k the RRF constant (default 60)
     * @param depth candidates taken from each ranking (count, default 50)
     * @param dense weight of the embedding ranking (default 1.0)
     * @param lexical weight of the BM25 ranking (default 1.0)
     * @param recency weight of the newest-first ranking (default 0.1; 0 leaves it out)
     */
    public record Fusion(
            @DefaultValue("60") @Min(1) int k,
            @DefaultValue("50") @Min(1) @Max(1000) int depth,
            @DefaultValue("1.0") double dense,
            @DefaultValue("1.0") double lexical,
            @DefaultValue("0.1") double recency) {}
}
