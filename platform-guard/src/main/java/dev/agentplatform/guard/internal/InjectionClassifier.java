package dev.agentplatform.guard.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Logistic regression over {@link NgramFeatures} weighted by sublinear TF-IDF and L2-normalised,
 * trained by SGD with L2 regularisation and balanced class weights. The services do not train it:
 * {@code GuardTrainer} (platform-guard's tests) fits it on the public prompts of {@code
 * ../shared/data} plus this module's benign tasks and writes it as {@link NgramModelFile#SHIPPED},
 * which they load.
 */
public final class InjectionClassifier {

    /** One labelled prompt. */
    public record Example(String text, boolean injection) {}

    /**
     * Training settings.
     *
     * @param epochs passes over the data
     * @param learningRate initial SGD step
     * @param l2 regularisation strength
     * @param seed shuffle seed, so a model is reproducible
     */
    public record Settings(int epochs, double learningRate, double l2, long seed) {
        public static final Settings DEFAULT = new Settings(20, 1.0, 1e-4, 42L);
    }

    private final float[] idf;
    private final float[] weights;
    private final double bias;

    /** Takes the arrays as they are: {@link #train} and {@link NgramModelFile} hand over arrays of their own. */
    InjectionClassifier(float[] idf, float[] weights, double bias) {
        this.idf = idf;
        this.weights = weights;
        this.bias = bias;
    }

    public static InjectionClassifier train(List<Example> examples, Settings settings) {
        return train(examples, null, settings);
    }

    /**
     * As {@link #train(List, Settings)}, each example weighing {@code exampleWeights[k]} instead of its
     * class's balancing weight ({@code null}: balanced classes).
     */
    public static InjectionClassifier train(List<Example> examples, double[] exampleWeights, Settings settings) {
        int n = examples.size();
        List<NgramFeatures.Sparse> raw = new ArrayList<>(n);
        int[] documentFrequency = new int[NgramFeatures.DIMENSIONS];
        for (Example example : examples) {
            NgramFeatures.Sparse features = NgramFeatures.extract(TextNormalizer.normalise(example.text()));
            raw.add(features);
            for (int index : features.indices()) {
                documentFrequency[index]++;
            }
        }
        float[] idf = new float[NgramFeatures.DIMENSIONS];
        for (int k = 0; k < idf.length; k++) {
            idf[k] = (float) (Math.log((1.0 + n) / (1.0 + documentFrequency[k])) + 1.0);
        }
        List<NgramFeatures.Sparse> vectors = new ArrayList<>(n);
        long positives = 0;
        for (int k = 0; k < n; k++) {
            vectors.add(weigh(raw.get(k), idf));
            positives += examples.get(k).injection() ? 1 : 0;
        }
        double positiveWeight = positives == 0 ? 1 : n / (2.0 * positives);
        double negativeWeight = positives == n ? 1 : n / (2.0 * (n - positives));

        float[] weights = new float[NgramFeatures.DIMENSIONS];
        double bias = 0;
        List<Integer> order = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            order.add(k);
        }
        Random random = new Random(settings.seed());
        long step = 0;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            Collections.shuffle(order, random);
            for (int k : order) {
                double rate = settings.learningRate() / (1.0 + settings.learningRate() * settings.l2() * step++);
                NgramFeatures.Sparse x = vectors.get(k);
                boolean label = examples.get(k).injection();
                double p = sigmoid(dot(weights, x) + bias);
                double gradient = (p - (label ? 1 : 0))
                        * (exampleWeights != null ? exampleWeights[k] : label ? positiveWeight : negativeWeight);
                int[] indices = x.indices();
                float[] values = x.values();
                for (int j = 0; j < indices.length; j++) {
                    int index = indices[j];
                    weights[index] -= (float) (rate * (gradient * values[j] + settings.l2() * weights[index]));
                }
                bias -= rate * gradient;
            }
        }
        return new InjectionClassifier(idf, weights, bias);
    }

    /** Each feature's inverse document frequency, {@link NgramFeatures#DIMENSIONS} long; not a copy. */
    float[] idf() {
        return idf;
    }

    /** Each feature's weight, {@link NgramFeatures#DIMENSIONS} long; not a copy. */
    float[] weights() {
        return weights;
    }

    double bias() {
        return bias;
    }

    /** The probability that a normalised text is an injection. */
    public double score(String normalisedText) {
        return sigmoid(logit(normalisedText));
    }

    /** The log-odds that a normalised text is an injection. */
    public double logit(String normalisedText) {
        return dot(weights, weigh(NgramFeatures.extract(normalisedText), idf)) + bias;
    }

    private static NgramFeatures.Sparse weigh(NgramFeatures.Sparse counts, float[] idf) {
        int[] indices = counts.indices();
        float[] values = new float[indices.length];
        double norm = 0;
        for (int j = 0; j < indices.length; j++) {
            float value = (float) ((1.0 + Math.log(counts.values()[j])) * idf[indices[j]]);
            values[j] = value;
            norm += value * value;
        }
        if (norm > 0) {
            float inverse = (float) (1.0 / Math.sqrt(norm));
            for (int j = 0; j < values.length; j++) {
                values[j] *= inverse;
            }
        }
        return new NgramFeatures.Sparse(indices, values);
    }

    private static double dot(float[] weights, NgramFeatures.Sparse x) {
        double sum = 0;
        int[] indices = x.indices();
        float[] values = x.values();
        for (int j = 0; j < indices.length; j++) {
            sum += weights[indices[j]] * values[j];
        }
        return sum;
    }

    private static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
