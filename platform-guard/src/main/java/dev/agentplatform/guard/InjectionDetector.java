package dev.agentplatform.guard;

import dev.agentplatform.guard.internal.GuardDataset;
import dev.agentplatform.guard.internal.InjectionClassifier;
import dev.agentplatform.guard.internal.InjectionPatterns;
import dev.agentplatform.guard.internal.TextNormalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a text a model will read is a prompt injection: a known phrasing (the patterns,
 * English and German) or a classifier score at or above the threshold is one. What follows from a
 * finding (refuse, flag, withhold) is the caller's policy. Pure CPU and thread-safe once built:
 * safe to call on an event loop.
 */
public final class InjectionDetector {

    /** Longer texts are checked at their start and end, where injections sit; the middle adds cost. */
    public static final int PATTERN_WINDOW = 16_000;

    /** The classifier reads this many characters from each end of a longer text. */
    public static final int CLASSIFIER_WINDOW = 600;

    /** The classpath data sets the shipped classifier is trained on. */
    public static final List<String> DEFAULT_DATASETS = List.of(GuardDataset.DEEPSET, GuardDataset.BENIGN_TASKS);

    /** The classifier threshold chosen by cross-validation (see bench/gateway/guard/README.md). */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private final InjectionClassifier classifier;
    private final double threshold;

    private InjectionDetector(InjectionClassifier classifier, double threshold) {
        this.classifier = classifier;
        this.threshold = checked(threshold);
    }

    /**
     * A detector whose classifier is trained from the labelled prompts at {@code datasets}
     * (classpath locations, {@code {"text", "label"}} per line). A few hundred prompts train in well
     * under a second and a few MB, so services train at start-up instead of shipping opaque weights.
     */
    public static InjectionDetector train(List<String> datasets, double threshold) {
        checked(threshold);
        return new InjectionDetector(
                InjectionClassifier.train(GuardDataset.loadAll(datasets), InjectionClassifier.Settings.DEFAULT),
                threshold);
    }

    /** The shipped detector: the default data sets and threshold. */
    public static InjectionDetector standard() {
        return train(DEFAULT_DATASETS, DEFAULT_THRESHOLD);
    }

    /** A detector around an already trained classifier, for evaluations on a split. */
    public static InjectionDetector of(InjectionClassifier classifier, double threshold) {
        return new InjectionDetector(classifier, threshold);
    }

    /** What the detector finds in {@code text}; {@link Detection#NOTHING} for a blank or absent text. */
    public Detection inspect(String text) {
        if (text == null || text.isBlank()) {
            return Detection.NOTHING;
        }
        String normalised = TextNormalizer.normalise(window(text, PATTERN_WINDOW));
        Optional<String> pattern = InjectionPatterns.firstMatch(normalised);
        if (pattern.isPresent()) {
            return new Detection(true, 1.0, "pattern " + pattern.get());
        }
        double score = score(normalised);
        if (score >= threshold) {
            return new Detection(true, score, String.format(Locale.ROOT, "classifier %.3f", score));
        }
        return new Detection(false, score, "below threshold");
    }

    /** The classifier's injection probability for an already normalised text. */
    double score(String normalised) {
        if (normalised.length() <= 2 * CLASSIFIER_WINDOW) {
            return classifier.score(normalised);
        }
        return Math.max(
                classifier.score(normalised.substring(0, CLASSIFIER_WINDOW)),
                classifier.score(normalised.substring(normalised.length() - CLASSIFIER_WINDOW)));
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
