package dev.agentplatform.router.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public prompts themselves, kept beside the {@link TeamPrior} as labelled neighbours: for a
 * prompt, each class (team) scores the mean cosine of its {@code k} closest public prompts. Where
 * the prior draws one boundary per team, the bank answers "which team's prompts look most like this
 * one", which keeps small groups of alike prompts that a linear head averages away (in
 * cross-validation by source, counselling questions and pandas/plot questions gain most; see
 * {@code bench/router/README.md}). Written by {@code TeamPriorTrainer train} as {@value #RESOURCE},
 * over the same prompts and classes as the prior.
 *
 * <p>Each embedding is kept as one signed byte per dimension (scaled by its largest coordinate) and
 * restored to unit length when the bank is built, whether from the file or from embeddings in
 * memory, so that a bank measured in cross-validation is the bank shipped: the cosines differ from
 * full precision by under 0.003.
 */
public final class PromptBank {

    /** Where the shipped bank lives on the class path. */
    public static final String RESOURCE = "/routing/prompt-bank.json";

    private final String model;
    private final List<String> classes;
    private final int dimensions;
    /**
     * Per class: its prompts' embeddings, restored from their codes, dimension by dimension
     * (coordinate {@code i} of prompt {@code m} at {@code i × members + m}), so that scoring a prompt
     * is a plain multiply-add over contiguous floats per dimension (~0.5M for the shipped bank).
     */
    private final float[][] vectors;

    private PromptBank(String model, List<String> classes, int dimensions, List<List<byte[]>> codes) {
        if (classes.size() != codes.size()) {
            throw new IllegalArgumentException("prompt bank: classes and prompts differ in size");
        }
        this.model = model;
        this.classes = classes.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        this.dimensions = dimensions;
        this.vectors = new float[classes.size()][];
        for (int c = 0; c < classes.size(); c++) {
            List<byte[]> members = codes.get(c);
            int n = members.size();
            float[] columns = new float[n * dimensions];
            for (int m = 0; m < n; m++) {
                byte[] code = members.get(m);
                if (code.length != dimensions) {
                    throw new IllegalArgumentException(
                            "prompt bank: an embedding of %d dimensions among %d".formatted(code.length, dimensions));
                }
                float[] v = decode(code);
                for (int i = 0; i < dimensions; i++) {
                    columns[i * n + m] = v[i];
                }
            }
            vectors[c] = columns;
        }
    }

    /**
     * A bank of {@code embeddings} (unit length), {@code labels} giving each one's index in
     * {@code classes}.
     */
    public static PromptBank of(String model, List<String> classes, int[] labels, List<float[]> embeddings) {
        if (labels.length != embeddings.size() || embeddings.isEmpty()) {
            throw new IllegalArgumentException("prompt bank: labels and embeddings differ in size, or none");
        }
        List<List<byte[]>> codes = new ArrayList<>();
        classes.forEach(c -> codes.add(new ArrayList<>()));
        for (int i = 0; i < labels.length; i++) {
            codes.get(labels[i]).add(encode(embeddings.get(i)));
        }
        return new PromptBank(model, classes, embeddings.get(0).length, codes);
    }

    /** The shipped bank (over all-MiniLM-L6-v2, quantized), or {@code null} when it is not on the class path. */
    public static PromptBank shipped() {
        return load(RESOURCE);
    }

    /** The bank at {@code resource} on the class path, or {@code null} when there is none. */
    static PromptBank load(String resource) {
        try (InputStream in = PromptBank.class.getResourceAsStream(resource)) {
            return in == null ? null : read(JsonMapper.builder().build().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }

    /** A bank from the JSON {@code TeamPriorTrainer} writes. */
    public static PromptBank read(JsonNode json) {
        List<String> classes =
                json.get("classes").valueStream().map(JsonNode::asString).toList();
        Base64.Decoder base64 = Base64.getDecoder();
        List<List<byte[]>> codes = new ArrayList<>();
        for (String c : classes) {
            codes.add(json.get("prompts")
                    .get(c)
                    .valueStream()
                    .map(v -> base64.decode(v.asString()))
                    .toList());
        }
        return new PromptBank(
                json.get("model").asString(), classes, json.get("dimensions").asInt(), codes);
    }

    public String model() {
        return model;
    }

    public List<String> classes() {
        return classes;
    }

    public int dimensions() {
        return dimensions;
    }

    /**
     * The prompts of class {@code c} as stored (one signed byte per dimension): encoding a restored
     * vector gives its code back, the largest coordinate being ±127 in both.
     */
    List<byte[]> codes(int c) {
        float[] columns = vectors[c];
        int members = columns.length / dimensions;
        List<byte[]> codes = new ArrayList<>(members);
        float[] v = new float[dimensions];
        for (int m = 0; m < members; m++) {
            for (int i = 0; i < dimensions; i++) {
                v[i] = columns[i * members + m];
            }
            codes.add(encode(v));
        }
        return codes;
    }

    public int size() {
        int size = 0;
        for (float[] columns : vectors) {
            size += columns.length / dimensions;
        }
        return size;
    }

    /**
     * For each class (in {@link #classes()} order), the mean cosine between the unit-length
     * {@code embedding} and the class's {@code k} closest prompts (all of them when it has fewer).
     */
    public double[] similarities(float[] embedding, int k) {
        double[] out = new double[classes.size()];
        double[] top = new double[Math.max(1, k)];
        for (int c = 0; c < out.length; c++) {
            float[] columns = vectors[c];
            int members = columns.length / dimensions;
            float[] cosines = new float[members];
            for (int i = 0; i < dimensions; i++) {
                float e = embedding[i];
                int offset = i * members;
                for (int m = 0; m < members; m++) {
                    cosines[m] += columns[offset + m] * e;
                }
            }
            int kept = 0;
            for (float s : cosines) {
                // top holds the best kept so far, in descending order
                if (kept < top.length) {
                    kept++;
                } else if (s <= top[kept - 1]) {
                    continue;
                }
                int j = kept - 1;
                while (j > 0 && top[j - 1] < s) {
                    top[j] = top[j - 1];
                    j--;
                }
                top[j] = s;
            }
            double sum = 0;
            for (int j = 0; j < kept; j++) {
                sum += top[j];
            }
            out[c] = kept == 0 ? 0 : sum / kept;
        }
        return out;
    }

    /** One signed byte per dimension, the largest coordinate at ±127. */
    static byte[] encode(float[] v) {
        float max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        byte[] code = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            code[i] = max == 0 ? 0 : (byte) Math.round(127 * v[i] / max);
        }
        return code;
    }

    /** The unit-length vector a {@link #encode code} stands for. */
    static float[] decode(byte[] code) {
        float[] v = new float[code.length];
        for (int i = 0; i < code.length; i++) {
            v[i] = code[i];
        }
        return Vectors.normalize(v);
    }
}
