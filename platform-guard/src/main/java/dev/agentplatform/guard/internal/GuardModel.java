package dev.agentplatform.guard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The guard's combined decision for a text with an embedding: the n-gram classifier's log-odds and
 * the {@link EmbeddingHead}'s log-odds (each clipped) go through one logistic combiner fitted on
 * out-of-fold scores, so the result is a calibrated probability; {@code threshold} was chosen on
 * the training sources' out-of-fold scores for a stated false-positive rate. Fitted and written by
 * {@code GuardTrainer} (platform-guard's tests).
 *
 * @param head the embedding head
 * @param ngramWeight the combiner's weight on the n-gram log-odds
 * @param embeddingWeight the combiner's weight on the head's log-odds
 * @param bias the combiner's bias
 * @param clip both log-odds are clipped to {@code [-clip, clip]}
 * @param threshold the combined probability at and above which a text is an injection
 */
public record GuardModel(
        EmbeddingHead head, double ngramWeight, double embeddingWeight, double bias, double clip, double threshold) {

    /** The classifier reads this many characters from each end of a longer text. */
    public static final int CLASSIFIER_WINDOW = 600;

    /** Where the shipped model is on the classpath. */
    public static final String SHIPPED = "guard/guard-model.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The combined injection probability from the two log-odds. */
    public double probability(double ngramLogit, double embeddingLogit) {
        double z = bias + ngramWeight * clipped(ngramLogit) + embeddingWeight * clipped(embeddingLogit);
        return 1.0 / (1.0 + Math.exp(-z));
    }

    private double clipped(double z) {
        return Math.max(-clip, Math.min(clip, z));
    }

    /**
     * The n-gram classifier's log-odds for a normalised text: a longer text is read at both ends
     * (where injections sit) and the more suspicious end counts.
     */
    public static double ngramLogit(InjectionClassifier classifier, String normalised) {
        if (normalised.length() <= 2 * CLASSIFIER_WINDOW) {
            return classifier.logit(normalised);
        }
        return Math.max(
                classifier.logit(normalised.substring(0, CLASSIFIER_WINDOW)),
                classifier.logit(normalised.substring(normalised.length() - CLASSIFIER_WINDOW)));
    }

    public String describe() {
        return String.format(
                Locale.ROOT,
                "combiner %.3f*ngram + %.3f*embedding + %.3f, threshold %.3f",
                ngramWeight,
                embeddingWeight,
                bias,
                threshold);
    }

    /** The shipped model. */
    public static GuardModel shipped() {
        try (InputStream in = GuardModel.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("guard model not on the classpath: " + SHIPPED);
            }
            return read(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GuardModel read(JsonNode node) {
        JsonNode weights = node.get("head").get("weights");
        float[] w = new float[weights.size()];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) weights.get(k).asDouble();
        }
        return new GuardModel(
                new EmbeddingHead(w, node.get("head").get("bias").asDouble()),
                node.get("ngramWeight").asDouble(),
                node.get("embeddingWeight").asDouble(),
                node.get("bias").asDouble(),
                node.get("clip").asDouble(),
                node.get("threshold").asDouble());
    }

    /** Writes {@code model} as the JSON {@link #shipped()} reads. */
    public static void write(GuardModel model, Path file) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("bias", model.head().bias());
        head.put("weights", model.head().weights());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put(
                "about",
                "platform-guard combined injection model; written by GuardTrainer, see bench/gateway/guard/README.md");
        root.put("ngramWeight", model.ngramWeight());
        root.put("embeddingWeight", model.embeddingWeight());
        root.put("bias", model.bias());
        root.put("clip", model.clip());
        root.put("threshold", model.threshold());
        root.put("head", head);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
