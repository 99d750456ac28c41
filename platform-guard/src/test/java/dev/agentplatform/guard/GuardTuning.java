package dev.agentplatform.guard;

import dev.agentplatform.guard.internal.GuardDataset;
import dev.agentplatform.guard.internal.InjectionClassifier;
import dev.agentplatform.guard.internal.InjectionPatterns;
import dev.agentplatform.guard.internal.TextNormalizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the classifier's settings and threshold were chosen: 5-fold cross-validation on the tune split
 * only (the held-out split is never read here). Run by hand, see bench/gateway/guard/README.md.
 */
final class GuardTuning {

    public static void main(String[] args) {
        Path folder = SharedData.promptInjection().orElseThrow(() -> new IllegalStateException("no ../shared/data"));
        List<InjectionClassifier.Example> tune =
                new ArrayList<>(GuardDataset.split(SharedData.deepset(folder)).tune());
        tune.addAll(GuardDataset.load(GuardDataset.BENIGN_TASKS));
        java.util.Collections.shuffle(tune, new java.util.Random(7));
        int folds = 5;
        for (int epochs : new int[] {20, 40}) {
            for (double rate : new double[] {0.2, 0.5, 1.0}) {
                for (double l2 : new double[] {1e-5, 1e-4, 1e-3}) {
                    InjectionClassifier.Settings settings = new InjectionClassifier.Settings(epochs, rate, l2, 42L);
                    List<double[]> scored = new ArrayList<>();
                    for (int fold = 0; fold < folds; fold++) {
                        List<InjectionClassifier.Example> train = new ArrayList<>();
                        List<InjectionClassifier.Example> test = new ArrayList<>();
                        for (int k = 0; k < tune.size(); k++) {
                            (k % folds == fold ? test : train).add(tune.get(k));
                        }
                        InjectionClassifier classifier = InjectionClassifier.train(train, settings);
                        for (InjectionClassifier.Example example : test) {
                            String normalised = TextNormalizer.normalise(example.text());
                            double score =
                                    InjectionPatterns.firstMatch(normalised).isPresent()
                                            ? 1.0
                                            : classifier.score(normalised);
                            scored.add(new double[] {score, example.injection() ? 1 : 0});
                        }
                    }
                    StringBuilder line = new StringBuilder(
                            String.format(Locale.ROOT, "epochs=%d rate=%.1f l2=%.0e:", epochs, rate, l2));
                    for (double threshold : new double[] {0.4, 0.5, 0.5, 0.6, 0.7}) {
                        double[] rf = recallAndFpr(scored, threshold);
                        line.append(
                                String.format(Locale.ROOT, "  t=%.2f recall=%.3f fpr=%.3f", threshold, rf[0], rf[1]));
                    }
                    System.out.println(line);
                }
            }
        }
    }

    static double[] recallAndFpr(List<double[]> scored, double threshold) {
        int tp = 0, fn = 0, fp = 0, tn = 0;
        for (double[] s : scored) {
            boolean flagged = s[0] >= threshold;
            if (s[1] == 1) {
                if (flagged) tp++;
                else fn++;
            } else {
                if (flagged) fp++;
                else tn++;
            }
        }
        return new double[] {tp / (double) (tp + fn), fp / (double) (fp + tn)};
    }
}
