package dev.agentplatform.router.classify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.embedding.MiniLmEmbedder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;

/**
 * The prompt's embedding, computed once: the gateway's {@code X-Prompt-Embedding} when it is valid,
 * else a recent result for the same prompt, else the model, run on a small pool of its own so that
 * ONNX never competes with more request threads than there are cores. A prompt the model finds
 * blank is the caller's error: a 400 problem.
 */
public class PromptEmbedder implements AutoCloseable {

    private final TextEmbedder embedder;
    private final ExecutorService pool;
    private final Cache<String, float[]> cache;
    private final Timer embedTime;
    private final Counter reused;
    private final Counter cached;

    public PromptEmbedder(TextEmbedder embedder, int threads, int cacheSize, MeterRegistry meters) {
        this.embedder = embedder;
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "prompt-embedder-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.embedTime = Timer.builder("router.embedding.time")
                .description("Time to embed one prompt with all-MiniLM-L6-v2")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.reused = Counter.builder("router.embedding.reused")
                .description("Prompts whose embedding came with the request")
                .register(meters);
        this.cached = Counter.builder("router.embedding.cached")
                .description("Prompts whose embedding was still cached")
                .register(meters);
    }

    /** The embedding of {@code prompt}, reusing {@code header} (the gateway's) when valid. */
    public float[] embed(String prompt, String header) {
        Optional<float[]> given = Vectors.decode(header, embedder.dimensions());
        if (given.isPresent()) {
            reused.increment();
            return given.get();
        }
        String key = hash(prompt);
        float[] hit = cache.getIfPresent(key);
        if (hit != null) {
            cached.increment();
            return hit;
        }
        Future<float[]> future = pool.submit(() -> embedTime.record(() -> embedder.embed(prompt)));
        float[] embedding;
        try {
            embedding = future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                // the model refuses a text that is blank to it: only format or bidi controls
                // (U+202E, U+2066, ...), which bean validation does not count as blank
                throw new PlatformException(
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.INVALID_REQUEST,
                        "Invalid request",
                        "prompt: has no visible text to route");
            }
            throw new IllegalStateException("embedding failed", e.getCause());
        }
        cache.put(key, embedding);
        return embedding;
    }

    /** SHA-256 of the prompt, hex: the cache key and what routing history stores instead of the text. */
    public static String hash(String prompt) {
        return MiniLmEmbedder.textHash(prompt);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
