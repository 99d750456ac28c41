package dev.agentplatform.gateway.semantic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentplatform.support.embedding.MiniLmEmbedder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * all-MiniLM-L6-v2 (quantized ONNX) in this JVM, L2-normalised 384 floats: the same model and
 * normalisation as the router ({@link MiniLmEmbedder}), so the router can reuse the vector the
 * gateway sends along. Inference is blocking CPU work and runs on a bounded scheduler of its own,
 * never on a Netty event loop. The vectors of recent prompts are kept, keyed by the SHA-256 of the
 * text (never the text itself): a prompt asked again, with or without caching of its answer,
 * costs a hash instead of an inference.
 */
@Component
public class PromptEmbedder implements DisposableBean {

    public static final int DIMENSIONS = MiniLmEmbedder.DIMENSIONS;

    private final MiniLmEmbedder model = new MiniLmEmbedder();
    private final Scheduler scheduler;
    private final Cache<String, float[]> recent;

    public PromptEmbedder(SemanticCacheProperties properties) {
        this.scheduler = Schedulers.newBoundedElastic(
                properties.embedderThreads(), properties.embedderQueue(), "prompt-embedder", 60, true);
        this.recent = Caffeine.newBuilder()
                .maximumSize(properties.embedderCacheSize())
                .build();
    }

    /** The normalised embedding of a text: a recent one at once, else computed off the caller's thread. */
    public Mono<float[]> embed(String text) {
        String key = MiniLmEmbedder.textHash(text);
        float[] known = recent.getIfPresent(key);
        if (known != null) {
            return Mono.just(known);
        }
        return Mono.fromCallable(() -> {
                    float[] vector = model.embed(text);
                    recent.put(key, vector);
                    return vector;
                })
                .subscribeOn(scheduler);
    }

    /** The same on the calling thread, without the cache: for benchmarks and tests, never on an event loop. */
    public float[] embedBlocking(String text) {
        return model.embed(text);
    }

    /**
     * The {@code X-Prompt-Embedding} header value: Base64 of the floats as little-endian IEEE 754
     * binary32, as the router expects it.
     */
    public static String toHeaderValue(float[] embedding) {
        ByteBuffer buffer = ByteBuffer.allocate(embedding.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : embedding) {
            buffer.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    static float[] normalise(float[] vector) {
        return MiniLmEmbedder.normalise(vector);
    }

    @Override
    public void destroy() {
        scheduler.dispose();
        model.close();
    }
}
