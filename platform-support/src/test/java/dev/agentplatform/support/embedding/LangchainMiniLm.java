package dev.agentplatform.support.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@link MiniLmEmbedder} as it was before it tokenised each text once: langchain4j's encoder
 * (tokenisation, pooling, normalisation) over a session opened with the same options. The reference
 * its vectors are compared with, bit for bit, and timed against.
 */
final class LangchainMiniLm implements AutoCloseable {

    private final OrtSession session;
    private final Encoder encoder;

    LangchainMiniLm() {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = MiniLmEmbedder.sessionOptions();
                InputStream model = resource("/all-minilm-l6-v2-q.onnx");
                InputStream tokenizer = resource("/all-minilm-l6-v2-q-tokenizer.json")) {
            this.session = environment.createSession(model.readAllBytes(), options);
            this.encoder = new Encoder(new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    float[] embed(String text) {
        String input = text.length() > MiniLmEmbedder.MAX_CHARS ? text.substring(0, MiniLmEmbedder.MAX_CHARS) : text;
        return MiniLmEmbedder.normalise(encoder.embed(input).content().vector());
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    private static InputStream resource(String name) {
        return AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(name);
    }

    private static final class Encoder extends AbstractInProcessEmbeddingModel {

        private final OnnxBertBiEncoder model;

        Encoder(OnnxBertBiEncoder model) {
            super(Runnable::run);
            this.model = model;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return model;
        }

        @Override
        protected Integer knownDimension() {
            return MiniLmEmbedder.DIMENSIONS;
        }
    }
}
