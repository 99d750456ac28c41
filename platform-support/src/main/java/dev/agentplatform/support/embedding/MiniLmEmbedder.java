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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * all-MiniLM-L6-v2 (quantized ONNX, the model file and tokenizer of langchain4j's jar) in this JVM,
 * L2-normalised 384 floats: one model for the gateway's semantic cache and the router's intent
 * classifier, so the router can reuse the vector the gateway sends along.
 *
 * <p>langchain4j's own {@link AllMiniLmL6V2QuantizedEmbeddingModel} opens the ONNX session with the
 * runtime's defaults: an intra-op thread per core that spins while it waits for work. With six
 * services on two cores the spinning cost more CPU than the inference (bench/e2e). This session runs
 * each inference on the calling thread (one intra-op thread, no spinning); callers bound their own
 * concurrency.
 */
public final class MiniLmEmbedder implements AutoCloseable {

    public static final int DIMENSIONS = 384;

    /** The model sees 256 word pieces at most; characters beyond this add time, not meaning. */
    public static final int MAX_CHARS = 2_000;

    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OrtSession session;
    private final Encoder encoder;

    public MiniLmEmbedder() {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                InputStream model = resource(MODEL);
                InputStream tokenizer = resource(TOKENIZER)) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = environment.createSession(model.readAllBytes(), options);
            this.encoder = new Encoder(new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the MiniLM model from its jar", e);
        } catch (OrtException e) {
            throw new IllegalStateException("could not open the MiniLM model", e);
        }
    }

    /**
     * The unit-length embedding of {@code text} (cut to {@link #MAX_CHARS}), computed on the calling
     * thread.
     *
     * @throws IllegalArgumentException when the text is blank to the model
     */
    public float[] embed(String text) {
        String input = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        return normalise(encoder.embed(input).content().vector());
    }

    /**
     * SHA-256 of {@code text}, hex: what a cache of embeddings is keyed by, and what is stored
     * instead of a prompt where only its identity matters (routing history).
     */
    public static String textHash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code vector} scaled to unit length (a new array); a zero vector stays as it is. */
    public static float[] normalise(float[] vector) {
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
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing at shutdown: nothing left to do with it
        }
    }

    private static InputStream resource(String name) {
        // the class literal loads the class without running its initializer, which would open a
        // second session with the runtime's default threads
        InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the class path");
        }
        return in;
    }

    /** langchain4j's tokenisation, pooling and chunking of long texts over the session above. */
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
            return DIMENSIONS;
        }
    }
}
