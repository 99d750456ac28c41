package dev.agentplatform.router.classify;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Small vector arithmetic over embeddings. */
final class Vectors {

    private Vectors() {}

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** {@code v} scaled to unit length, in place; a zero vector stays zero. */
    static float[] normalize(float[] v) {
        double norm = Math.sqrt(dot(v, v));
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) norm;
            }
        }
        return v;
    }

    /** The normalised mean of {@code vectors}, each weighted by {@code weights}. */
    static float[] centroid(List<float[]> vectors, List<Double> weights, int dimensions) {
        float[] sum = new float[dimensions];
        for (int k = 0; k < vectors.size(); k++) {
            float[] v = vectors.get(k);
            double w = weights.get(k);
            for (int i = 0; i < dimensions; i++) {
                sum[i] += (float) (w * v[i]);
            }
        }
        return normalize(sum);
    }

    /**
     * The gateway's {@code X-Prompt-Embedding}: Base64 of {@code dimensions} little-endian float32
     * values, L2-normalised. Empty when absent or not of that shape, so the caller embeds itself.
     */
    static Optional<float[]> decode(String base64, int dimensions) {
        if (base64 == null || base64.isBlank()) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length != dimensions * Float.BYTES) {
            return Optional.empty();
        }
        float[] v = new float[dimensions];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return Optional.empty();
            }
        }
        double norm = Math.sqrt(dot(v, v));
        if (Math.abs(norm - 1.0) > 0.01) {
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /** The inverse of {@link #decode}: for tests and clients. */
    static String encode(float[] v) {
        ByteBuffer buffer = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
