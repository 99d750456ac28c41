package dev.agentplatform.gateway.semantic;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Semantic cache settings.
 *
 * @param enabled whether lookups and stores happen at all; default true
 * @param threshold cosine similarity at or above which a stored prompt is a candidate; default 0.90,
 *     tuned on the tune split of {@code semantic/pairs.jsonl} together with the false-hit guard
 * @param sameContentThreshold the lower similarity that suffices when both prompts have the same
 *     content words and differ only in framing ("How do I ..." / "What is the best way to ..."); default
 *     0.85 (bench/gateway/semantic/README.md)
 * @param candidates how many nearest stored prompts are checked against the false-hit guard; default 5
 * @param ttl how long a stored answer may be served; default 1 hour
 * @param index the vector index adapter: {@code lucene} (embedded, default) or {@code qdrant}
 * @param luceneDirectory where the embedded Lucene index lives; default {@code
 *     ${java.io.tmpdir}/semantic-cache} (a second instance on the same directory gets its own
 *     sub-directory, since a Lucene index has one writer)
 * @param maxPromptChars prompts longer than this are neither looked up nor stored (the model sees
 *     256 word pieces, so long prompts differ in what it cannot see); default 2000
 * @param embedderThreads threads that run the embedding model, off the event loop; default 2
 * @param embedderQueue embeddings that may wait for a thread before callers get an error; default 512
 * @param embedderCacheSize how many recent prompts' vectors are kept (about 1.6 KB each); default 2048
 * @param qdrantUrl Qdrant's gRPC endpoint for {@code index=qdrant}; default blank, meaning the
 *     {@code QDRANT_URL} environment variable or {@code http://localhost:6334}
 * @param qdrantApiKey Qdrant API key; default none
 * @param qdrantCollection the Qdrant collection, created when missing; default {@code semantic_cache}
 */
@Validated
@ConfigurationProperties("platform.gateway.semantic")
public record SemanticCacheProperties(
        @DefaultValue("true") boolean enabled,

        @DefaultValue("0.90") @DecimalMin("0.0") @DecimalMax("1.0")
        double threshold,

        @DefaultValue("0.85") @DecimalMin("0.0") @DecimalMax("1.0")
        double sameContentThreshold,

        @DefaultValue("5") @Min(1) @Max(100) int candidates,
        @DefaultValue("1h") @NotNull Duration ttl,
        @DefaultValue("lucene") @NotBlank String index,

        @DefaultValue("${java.io.tmpdir}/semantic-cache") @NotBlank
        String luceneDirectory,

        @DefaultValue("2000") @Min(1) int maxPromptChars,
        @DefaultValue("2") @Min(1) @Max(64) int embedderThreads,
        @DefaultValue("512") @Min(1) int embedderQueue,
        @DefaultValue("2048") @Min(0) int embedderCacheSize,
        @DefaultValue("") String qdrantUrl,
        @DefaultValue("") String qdrantApiKey,
        @DefaultValue("semantic_cache") @NotBlank String qdrantCollection) {}
