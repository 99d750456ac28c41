package dev.agentplatform.router.classify;

import dev.agentplatform.support.embedding.MiniLmEmbedder;

/**
 * all-MiniLM-L6-v2 (quantized ONNX) in this JVM: the model and the native runtime ship in the
 * langchain4j jar, so there is nothing to download and no service to call.
 */
public final class MiniLmTextEmbedder implements TextEmbedder {

    private final MiniLmEmbedder model = new MiniLmEmbedder();

    @Override
    public float[] embed(String text) {
        return model.embed(text);
    }

    @Override
    public int dimensions() {
        return MiniLmEmbedder.DIMENSIONS;
    }
}
