package dev.agentplatform.guard;

import dev.agentplatform.guard.internal.InjectionClassifier;
import java.util.List;
import java.util.Locale;

/** Counts of a detector's decisions on labelled prompts. */
record Confusion(int truePositives, int falseNegatives, int falsePositives, int trueNegatives) {

    static Confusion of(InjectionDetector detector, List<InjectionClassifier.Example> examples) {
        int tp = 0, fn = 0, fp = 0, tn = 0;
        for (InjectionClassifier.Example example : examples) {
            boolean found = detector.inspect(example.text()).injection();
            if (example.injection()) {
                if (found) tp++;
                else fn++;
            } else {
                if (found) fp++;
                else tn++;
            }
        }
        return new Confusion(tp, fn, fp, tn);
    }

    double recall() {
        return truePositives / (double) (truePositives + falseNegatives);
    }

    double falsePositiveRate() {
        return falsePositives / (double) (falsePositives + trueNegatives);
    }

    @Override
    public String toString() {
        String recall = truePositives + falseNegatives == 0
                ? "-"
                : String.format(Locale.ROOT, "%.3f (%d/%d)", recall(), truePositives, truePositives + falseNegatives);
        String fpr = falsePositives + trueNegatives == 0
                ? "-"
                : String.format(
                        Locale.ROOT,
                        "%.4f (%d/%d)",
                        falsePositiveRate(),
                        falsePositives,
                        falsePositives + trueNegatives);
        return "recall " + recall + ", false-positive rate " + fpr;
    }
}
