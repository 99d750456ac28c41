package dev.agentplatform.gateway.semantic;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
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
 * normalisation as the router, so the router can reuse the vector the gateway sends along. Inference
 * is blocking CPU work and runs on a bounded scheduler of its own, never on a Netty event loop.
 */
@Component
public class PromptEmbedder implements DisposableBean {

    public static final int DIMENSIONS = 384;

    /** The model sees 256 word pieces at most; characters beyond this add time, not meaning. */
    static final int MAX_CHARS = 2_000;

    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    private final Scheduler scheduler;

    public PromptEmbedder(SemanticCacheProperties properties) {
        this.scheduler = Schedulers.newBoundedElastic(
                properties.embedderThreads(), properties.embedderQueue(), "prompt-embedder", 60, true);
    }

    /** The normalised embedding of a text, computed off the caller's thread. */
    public Mono<float[]> embed(String text) {
        return Mono.fromCallable(() -> embedBlocking(text)).subscribeOn(scheduler);
    }

    /** The same on the calling thread: for benchmarks and tests, never on an event loop. */
    public float[] embedBlocking(String text) {
        String input = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        return normalise(model.embed(input).content().vector());
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
        double sum = 0;
        for (float value : vector) {
            sum += value * value;
        }
        if (sum == 0) {
            return vector;
        }
        float inverse = (float) (1.0 / Math.sqrt(sum));
        float[] normalised = new float[vector.length];
        for (int k = 0; k < vector.length; k++) {
            normalised[k] = vector[k] * inverse;
        }
        return normalised;
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
