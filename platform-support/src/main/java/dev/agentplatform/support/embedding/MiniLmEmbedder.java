package dev.agentplatform.support.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

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
 *
 * <p>Each text is tokenised once. langchain4j's encoder, which this class used before, tokenised it
 * three times (to split it, to check that its word pieces survive being joined back into a text, and
 * to encode that text); for a text the tokenizer does not cut, the encoding of the text itself has
 * the same ids, so the vectors are bit for bit what they were (MiniLmEmbedderTest) for about 8% less
 * CPU per text (MiniLmEmbedderBench, bench/memory).
 */
public final class MiniLmEmbedder implements AutoCloseable {

    public static final int DIMENSIONS = 384;

    /**
     * The tokenizer keeps the first 128 word pieces (its truncation, special tokens included); text
     * far beyond that adds tokenising time, not meaning.
     */
    public static final int MAX_CHARS = 2_000;

    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean takesTypeIds;

    public MiniLmEmbedder() {
        this.environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = sessionOptions();
                InputStream model = resource(MODEL);
                InputStream tokenizer = resource(TOKENIZER)) {
            this.session = environment.createSession(model.readAllBytes(), options);
            this.takesTypeIds = session.getInputNames().contains("token_type_ids");
            // the tokenizer file pads to 128; one text at a time needs no padding
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizer, Map.of("padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the MiniLM model from its jar", e);
        } catch (OrtException e) {
            throw new IllegalStateException("could not open the MiniLM model", e);
        }
    }

    /**
     * How the platform runs an embedding model: one intra-op thread (the caller's), no spinning,
     * every graph optimisation. The caller closes the options.
     */
    public static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return options;
    }

    /**
     * The unit-length embedding of {@code text} (cut to {@link #MAX_CHARS}), computed on the calling
     * thread.
     *
     * @throws IllegalArgumentException when the text is blank to the model
     */
    public float[] embed(String text) {
        String input = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        Encoding encoding = tokenizer.encode(input, true, false);
        if (encoding.getIds().length <= 2) {
            throw new IllegalArgumentException("the text has no word pieces (only [CLS] and [SEP])");
        }
        if (encoding.getIds().length >= tokenizer.getMaxLength()) {
            encoding = asCutBefore(encoding);
        }
        // two normalisations, as before: langchain4j's in float, then ours in double, so that a
        // vector stays bit for bit what the index and the caches already hold
        return normalise(unitLengthInFloat(meanOfTokenVectors(encoding)));
    }

    /**
     * What langchain4j's encoder fed the model for a text the tokenizer cut at its limit: the kept
     * word pieces joined back into a text, or, when that text tokenises differently (the cut fell
     * inside a word), the pieces glued together with their {@code ##} markers. Kept as it was so the
     * vectors of long texts do not change either.
     */
    private Encoding asCutBefore(Encoding encoding) {
        String[] tokens = encoding.getTokens();
        List<String> pieces = Arrays.asList(tokens).subList(1, tokens.length - 1);
        String joined = tokenizer.buildSentence(pieces);
        Encoding again = tokenizer.encode(joined, true, false);
        String[] retokenised = again.getTokens();
        if (Arrays.asList(retokenised).subList(1, retokenised.length - 1).equals(pieces)) {
            return again;
        }
        return tokenizer.encode(String.join("", pieces), true, false);
    }

    /** The model's output vectors of every token, [CLS] and [SEP] included, averaged (float sums). */
    private float[] meanOfTokenVectors(Encoding encoding) {
        long[] ids = encoding.getIds();
        long[] shape = {1, ids.length};
        try (OnnxTensor inputIds = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
                OnnxTensor attentionMask =
                        OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getAttentionMask()), shape);
                OnnxTensor typeIds =
                        OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getTypeIds()), shape)) {
            Map<String, OnnxTensor> inputs = takesTypeIds
                    ? Map.of("input_ids", inputIds, "attention_mask", attentionMask, "token_type_ids", typeIds)
                    : Map.of("input_ids", inputIds, "attention_mask", attentionMask);
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                int tokens = hidden.remaining() / DIMENSIONS;
                float[] mean = new float[DIMENSIONS];
                for (int t = 0; t < tokens; t++) {
                    int offset = t * DIMENSIONS;
                    for (int j = 0; j < DIMENSIONS; j++) {
                        mean[j] += hidden.get(offset + j);
                    }
                }
                for (int j = 0; j < DIMENSIONS; j++) {
                    mean[j] /= tokens;
                }
                return mean;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("MiniLM inference failed", e);
        }
    }

    /** Unit length computed in float, as langchain4j's encoder did before {@link #normalise}. */
    private static float[] unitLengthInFloat(float[] vector) {
        float sumOfSquares = 0;
        for (float value : vector) {
            sumOfSquares += value * value;
        }
        float norm = (float) Math.sqrt(sumOfSquares);
        float[] scaled = new float[vector.length];
        for (int k = 0; k < vector.length; k++) {
            scaled[k] = vector[k] / norm;
        }
        return scaled;
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
            tokenizer.close();
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
}
