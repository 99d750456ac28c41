package dev.agentplatform.guard;

import dev.agentplatform.guard.internal.GuardDataset;
import dev.agentplatform.guard.internal.GuardModel;
import dev.agentplatform.guard.internal.InjectionClassifier;
import dev.agentplatform.guard.internal.InjectionPatterns;
import dev.agentplatform.guard.internal.NgramModelFile;
import dev.agentplatform.guard.internal.TextNormalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a text a model will read is a prompt injection: a known phrasing (the patterns,
 * English and German) is one; otherwise, given the text's sentence embedding (all-MiniLM-L6-v2, as
 * the gateway computes it anyway), one calibrated score from the n-gram classifier and a head over
 * the embedding ({@link GuardModel}, trained offline on public data) at or above the model's
 * threshold is one; without an embedding the n-gram classifier alone at or above {@code threshold}.
 * What follows from a finding (refuse, flag, withhold) is the caller's policy. Pure CPU and
 * thread-safe once built: safe to call on an event loop.
 */
public final class InjectionDetector {

    /** Longer texts are checked at their start and end, where injections sit; the middle adds cost. */
    public static final int PATTERN_WINDOW = 16_000;

    /** The classifier reads this many characters from each end of a longer text. */
    public static final int CLASSIFIER_WINDOW = GuardModel.CLASSIFIER_WINDOW;

    /** The classifier threshold chosen by cross-validation (see bench/gateway/guard/README.md). */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private final InjectionClassifier classifier;
    private final double threshold;
    private final GuardModel model;

    private InjectionDetector(InjectionClassifier classifier, double threshold, GuardModel model) {
        this.classifier = classifier;
        this.threshold = checked(threshold);
        this.model = model;
    }

    /**
     * A detector whose n-gram classifier is trained here on the labelled prompts at {@code datasets}
     * (classpath locations, {@code {"text", "label"}} per line; a few hundred prompts train in well
     * under a second), in place of the shipped one, with the shipped embedding model ({@code
     * guard/guard-model.json}) on top; {@code threshold} applies to texts checked without an
     * embedding.
     */
    public static InjectionDetector train(List<String> datasets, double threshold) {
        checked(threshold);
        return new InjectionDetector(
                InjectionClassifier.train(GuardDataset.loadAll(datasets), InjectionClassifier.Settings.DEFAULT),
                threshold,
                GuardModel.shipped());
    }

    /**
     * The shipped detector at {@code threshold}: the n-gram classifier {@code GuardTrainer} trained on
     * deepset's public prompts ({@code ../shared/data/prompt-injection}) and this module's {@code
     * guard/benign-tasks.jsonl} with the default settings ({@code guard/ngram-model.bin}; the same
     * scores training at startup gave, without the training) and the shipped embedding model. A
     * missing or damaged model file is an {@link IllegalStateException} naming it.
     */
    public static InjectionDetector shipped(double threshold) {
        checked(threshold);
        return new InjectionDetector(NgramModelFile.shipped(), threshold, GuardModel.shipped());
    }

    /** The shipped detector at the default threshold. */
    public static InjectionDetector standard() {
        return shipped(DEFAULT_THRESHOLD);
    }

    /** A detector around an already trained classifier without an embedding model, for evaluations on a split. */
    public static InjectionDetector of(InjectionClassifier classifier, double threshold) {
        return new InjectionDetector(classifier, threshold, null);
    }

    /** A detector around an already trained classifier and embedding model. */
    public static InjectionDetector of(InjectionClassifier classifier, double threshold, GuardModel model) {
        return new InjectionDetector(classifier, threshold, model);
    }

    /** The embedding's length the detector reads, 0 when it has no embedding model. */
    public int embeddingDimensions() {
        return model == null ? 0 : model.head().dimensions();
    }

    /** What the detector finds in {@code text} from its words alone; {@link Detection#NOTHING} for a blank or absent text. */
    public Detection inspect(String text) {
        return inspect(text, null);
    }

    /**
     * What the detector finds in {@code text} with its unit-length MiniLM {@code embedding} (of the
     * text as given); a {@code null} or mismatched embedding falls back to the words alone.
     */
    public Detection inspect(String text, float[] embedding) {
        if (text == null || text.isBlank()) {
            return Detection.NOTHING;
        }
        String normalised = TextNormalizer.normalise(window(text, PATTERN_WINDOW));
        Optional<String> pattern = InjectionPatterns.firstMatch(normalised);
        if (pattern.isPresent()) {
            return new Detection(true, 1.0, "pattern " + pattern.get());
        }
        double ngramLogit = GuardModel.ngramLogit(classifier, normalised);
        if (model != null
                && embedding != null
                && embedding.length == model.head().dimensions()) {
            double score = model.probability(ngramLogit, model.head().logit(embedding));
            if (score >= model.threshold()) {
                return new Detection(true, score, String.format(Locale.ROOT, "classifier+embedding %.3f", score));
            }
            return new Detection(false, score, "below threshold");
        }
        double score = 1.0 / (1.0 + Math.exp(-ngramLogit));
        if (score >= threshold) {
            return new Detection(true, score, String.format(Locale.ROOT, "classifier %.3f", score));
        }
        return new Detection(false, score, "below threshold");
    }

    /** The n-gram classifier's injection probability for an already normalised text. */
    double score(String normalised) {
        return 1.0 / (1.0 + Math.exp(-GuardModel.ngramLogit(classifier, normalised)));
    }

    private static double checked(double threshold) {
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("threshold must be within [0, 1], was " + threshold);
        }
        return threshold;
    }

    private static String window(String text, int half) {
        if (text.length() <= 2 * half) {
            return text;
        }
        return text.substring(0, half) + "\n" + text.substring(text.length() - half);
    }
}
