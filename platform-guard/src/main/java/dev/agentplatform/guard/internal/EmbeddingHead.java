package dev.agentplatform.guard.internal;

import java.util.List;

/**
 * Logistic regression over a sentence embedding (all-MiniLM-L6-v2, unit length, 384 floats): the
 * part of the guard that reads what a text means rather than its words or its length. Trained
 * offline ({@code GuardTrainer}, platform-guard's tests) with standardised inputs; the shipped
 * weights have the standardisation folded in, so scoring is one dot product.
 */
public final class EmbeddingHead {

    /** One embedded, labelled text; {@code weight} balances classes and sources. */
    public record Example(float[] embedding, boolean injection, double weight) {}

    private final float[] weights;
    private final double bias;

    public EmbeddingHead(float[] weights, double bias) {
        this.weights = weights.clone();
        this.bias = bias;
    }

    public int dimensions() {
        return weights.length;
    }

    public float[] weights() {
        return weights.clone();
    }

    public double bias() {
        return bias;
    }

    /** The log-odds that the embedded text is an injection. */
    public double logit(float[] embedding) {
        if (embedding.length != weights.length) {
            throw new IllegalArgumentException(
                    "embedding has " + embedding.length + " dimensions, the head " + weights.length);
        }
        double sum = bias;
        for (int k = 0; k < weights.length; k++) {
            sum += weights[k] * embedding[k];
        }
        return sum;
    }

    /**
     * Fits the head by full-batch gradient descent with momentum on standardised inputs, L2 on the
     * weights. Deterministic: the same examples give the same head.
     */
    public static EmbeddingHead train(List<Example> examples, double l2, int iterations) {
        int n = examples.size();
        int d = examples.get(0).embedding().length;
        double[] mean = new double[d];
        double[] std = new double[d];
        double totalWeight = 0;
        for (Example e : examples) {
            totalWeight += e.weight();
            for (int k = 0; k < d; k++) {
                mean[k] += e.weight() * e.embedding()[k];
            }
        }
        for (int k = 0; k < d; k++) {
            mean[k] /= totalWeight;
        }
        for (Example e : examples) {
            for (int k = 0; k < d; k++) {
                double diff = e.embedding()[k] - mean[k];
                std[k] += e.weight() * diff * diff;
            }
        }
        for (int k = 0; k < d; k++) {
            std[k] = Math.sqrt(std[k] / totalWeight) + 1e-6;
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            float[] embedding = examples.get(i).embedding();
            for (int k = 0; k < d; k++) {
                x[i][k] = (embedding[k] - mean[k]) / std[k];
            }
        }
        double[] w = new double[d];
        double b = 0;
        double[] velocityW = new double[d];
        double velocityB = 0;
        double rate = 0.5;
        double momentum = 0.9;
        double[] gradient = new double[d];
        for (int iteration = 0; iteration < iterations; iteration++) {
            java.util.Arrays.fill(gradient, 0);
            double gradientB = 0;
            for (int i = 0; i < n; i++) {
                double z = b;
                double[] xi = x[i];
                for (int k = 0; k < d; k++) {
                    z += w[k] * xi[k];
                }
                Example e = examples.get(i);
                double residual = (sigmoid(z) - (e.injection() ? 1 : 0)) * e.weight() / totalWeight;
                for (int k = 0; k < d; k++) {
                    gradient[k] += residual * xi[k];
                }
                gradientB += residual;
            }
            for (int k = 0; k < d; k++) {
                velocityW[k] = momentum * velocityW[k] - rate * (gradient[k] + l2 * w[k]);
                w[k] += velocityW[k];
            }
            velocityB = momentum * velocityB - rate * gradientB;
            b += velocityB;
        }
        float[] folded = new float[d];
        double foldedBias = b;
        for (int k = 0; k < d; k++) {
            folded[k] = (float) (w[k] / std[k]);
            foldedBias -= w[k] * mean[k] / std[k];
        }
        return new EmbeddingHead(folded, foldedBias);
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
