package dev.agentplatform.guard.internal;

import java.util.Arrays;

/**
 * Hashed sparse features of a normalised text: word unigrams and bigrams plus character 3- to
 * 5-grams inside word boundaries (so "ignoriere" and "ignore" share "ign", and a misspelling keeps
 * most of its grams). Hashing keeps the model a fixed size and needs no vocabulary.
 */
public final class NgramFeatures {

    /** Hash space; collisions at this size cost nothing measurable on a few hundred prompts. */
    public static final int DIMENSIONS = 1 << 18;

    private static final int WORD_SEED = 0x9747b28c;
    private static final int BIGRAM_SEED = 0x5bd1e995;
    private static final int CHAR_SEED = 0x1b873593;
    private static final int MIN_GRAM = 3;
    private static final int MAX_GRAM = 5;

    /** Sorted distinct feature indices with their raw counts. */
    public record Sparse(int[] indices, float[] values) {}

    private NgramFeatures() {}

    public static Sparse extract(String normalised) {
        int[] buffer = new int[Math.max(16, normalised.length() * 4)];
        int size = 0;
        int previousWordHash = 0;
        boolean hasPrevious = false;
        int length = normalised.length();
        int i = 0;
        while (i < length) {
            while (i < length && !isWordChar(normalised.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && isWordChar(normalised.charAt(i))) {
                i++;
            }
            if (start == i) {
                break;
            }
            int wordHash = hash(normalised, start, i, WORD_SEED);
            buffer = ensure(buffer, size + 2 + (i - start + 2) * (MAX_GRAM - MIN_GRAM + 1));
            buffer[size++] = index(wordHash);
            if (hasPrevious) {
                buffer[size++] = index(mix(previousWordHash * 31 + wordHash + BIGRAM_SEED));
            }
            previousWordHash = wordHash;
            hasPrevious = true;
            size = charGrams(normalised, start, i, buffer, size);
        }
        return toSparse(buffer, size);
    }

    private static int charGrams(String text, int start, int end, int[] out, int size) {
        // the word padded with a boundary marker on both sides, as scikit-learn's char_wb does
        int padded = end - start + 2;
        for (int n = MIN_GRAM; n <= MAX_GRAM; n++) {
            for (int from = 0; from + n <= padded; from++) {
                int h = CHAR_SEED + n;
                for (int k = from; k < from + n; k++) {
                    char c = (k == 0 || k == padded - 1) ? ' ' : text.charAt(start + k - 1);
                    h = h * 31 + c;
                }
                out[size++] = index(mix(h));
            }
        }
        return size;
    }

    private static Sparse toSparse(int[] buffer, int size) {
        Arrays.sort(buffer, 0, size);
        int distinct = 0;
        for (int k = 0; k < size; k++) {
            if (k == 0 || buffer[k] != buffer[k - 1]) {
                distinct++;
            }
        }
        int[] indices = new int[distinct];
        float[] values = new float[distinct];
        int d = -1;
        for (int k = 0; k < size; k++) {
            if (k == 0 || buffer[k] != buffer[k - 1]) {
                indices[++d] = buffer[k];
            }
            values[d]++;
        }
        return new Sparse(indices, values);
    }

    private static int[] ensure(int[] buffer, int needed) {
        return needed <= buffer.length ? buffer : Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c);
    }

    private static int hash(String text, int start, int end, int seed) {
        int h = seed;
        for (int k = start; k < end; k++) {
            h = h * 31 + text.charAt(k);
        }
        return mix(h);
    }

    private static int index(int hash) {
        return hash & (DIMENSIONS - 1);
    }

    /** MurmurHash3's finaliser: spreads the polynomial hash over the low bits used as index. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
