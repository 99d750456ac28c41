package dev.agentplatform.router.classify;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * all-MiniLM-L6-v2 (quantized ONNX) in this JVM: the model and the native runtime ship in the
 * langchain4j jar, so there is nothing to download and no service to call.
 */
public final class MiniLmTextEmbedder implements TextEmbedder {

    /** all-MiniLM-L6-v2 sees 256 word pieces at most; characters beyond this add time, not meaning. */
    static final int MAX_CHARS = 2_000;

    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    @Override
    public float[] embed(String text) {
        String input = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        return Vectors.normalize(model.embed(input).content().vector());
    }

    @Override
    public int dimensions() {
        return 384;
    }
}
