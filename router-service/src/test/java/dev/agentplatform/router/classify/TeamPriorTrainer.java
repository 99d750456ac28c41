package dev.agentplatform.router.classify;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.router.registry.TestAgents;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trains the {@link TeamPrior} on {@code ../shared/data/routing/routing-train.jsonl} and measures it in
 * cross-validation by source (each source family held out in turn, trained on the others).
 *
 * <pre>
 * java ... TeamPriorTrainer train [data.jsonl] [out.json] [bank.json]   # writes src/main/resources/routing/team-prior.json and prompt-bank.json
 * java ... TeamPriorTrainer cv [data.jsonl]                 # per-source accuracy, per-team recall, confusions
 * </pre>
 *
 * The {@link PromptBank} is measured the same way: in each fold it holds only the other families' prompts.
 *
 * {@code MODEL} picks the embedding model ({@link Models}; default {@code minilm-q}, the shipped one);
 * {@code EXAMPLES} how many of each bench agent's examples are registered (default 3).
 */
public final class TeamPriorTrainer {

    /** L2 penalty per weight, and gradient-descent steps: fixed, so a run is reproducible. */
    static final double L2 = Double.parseDouble(System.getenv().getOrDefault("L2", "1e-3"));

    static final int STEPS = 400;
    static final double LEARNING_RATE = 0.5;

    record Row(String prompt, String team, String source) {}

    /** How the classifier combines what it knows: the prior's weight and smoothing, the bank's weight and neighbours. */
    record Setting(String name, double priorWeight, double smoothing, double bankWeight, int neighbours) {

        Setting(double priorWeight, double smoothing, double bankWeight, int neighbours) {
            this(name(priorWeight, smoothing, bankWeight, neighbours), priorWeight, smoothing, bankWeight, neighbours);
        }

        private static String name(double priorWeight, double smoothing, double bankWeight, int neighbours) {
            String prior = priorWeight == 0 ? "declared" : String.format(Locale.ROOT, "prior %.1f", priorWeight);
            if (smoothing != 0.1) {
                prior += String.format(Locale.ROOT, " smooth %.2f", smoothing);
            }
            return bankWeight == 0
                    ? (priorWeight == 0 ? "declared only" : prior)
                    : prior + String.format(Locale.ROOT, " + bank %.1f k%d", bankWeight, neighbours);
        }
    }

    /** The shipped combination ({@link ClassifierProperties#defaults()}). */
    static final Setting SHIPPED = new Setting(1, 0.1, 1, 3);

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "cv";
        Path data = Path.of(args.length > 1 ? args[1] : "../shared/data/routing/routing-train.jsonl");
        String modelName = System.getenv().getOrDefault("MODEL", "minilm-q");
        List<Row> rows = read(data);
        TextEmbedder embedder = Models.embedder(modelName);
        if (mode.equals("latency") || mode.equals("compare")) {
            latency(embedder, modelName, rows);
            if (mode.equals("latency")) {
                return;
            }
        }
        Map<String, float[]> embeddings = embedAll(embedder, modelName, rows);
        List<String> classes =
                new ArrayList<>(new TreeSet<>(rows.stream().map(Row::team).toList()));
        if (mode.equals("train")) {
            Path out = Path.of(args.length > 2 ? args[2] : "router-service/src/main/resources/routing/team-prior.json");
            Path bankOut =
                    Path.of(args.length > 3 ? args[3] : "router-service/src/main/resources/routing/prompt-bank.json");
            TeamPrior prior = train(rows, embeddings, classes, modelName);
            write(prior, out, rows.size());
            System.out.println("wrote " + out + " (" + rows.size() + " prompts, " + classes + ")");
            write(bank(rows, embeddings, classes, modelName), bankOut);
            System.out.println("wrote " + bankOut + " (" + rows.size() + " prompts)");
            return;
        }
        int examples = Integer.parseInt(System.getenv().getOrDefault("EXAMPLES", "3"));
        if (mode.equals("bench")) {
            bench(
                    new ClassifierTuning.CachingEmbedder(embedder),
                    train(rows, embeddings, classes, modelName),
                    bank(rows, embeddings, classes, modelName),
                    examples);
            return;
        }
        List<AgentDefinition> agents = benchAgents(Path.of("bench/router/agents.json"), examples);
        crossValidate(rows, embeddings, classes, modelName, new ClassifierTuning.CachingEmbedder(embedder), agents);
    }

    /** A multinomial logistic regression with balanced class weights and an L2 penalty, by gradient descent. */
    static TeamPrior train(List<Row> rows, Map<String, float[]> embeddings, List<String> classes, String model) {
        String head = System.getenv().getOrDefault("HEAD", "logistic");
        if (head.startsWith("centroid")) {
            return centroids(rows, embeddings, classes, model, Double.parseDouble(head.substring(8)));
        }
        int k = classes.size();
        int d = embeddings.get(rows.get(0).prompt()).length;
        int n = rows.size();
        float[][] x = new float[n][];
        int[] y = new int[n];
        double[] count = new double[k];
        for (int i = 0; i < n; i++) {
            x[i] = embeddings.get(rows.get(i).prompt());
            y[i] = classes.indexOf(rows.get(i).team());
            count[y[i]]++;
        }
        double[] classWeight = new double[k];
        for (int c = 0; c < k; c++) {
            classWeight[c] = n / (k * count[c]);
        }
        double[][] w = new double[k][d];
        double[] b = new double[k];
        double[][] vw = new double[k][d];
        double[] vb = new double[k];
        double momentum = 0.9;
        // the embeddings are unit length and their coordinates small: scale up so that plain
        // gradient descent converges in a few hundred steps
        double scale = Math.sqrt(d);
        for (int step = 0; step < STEPS; step++) {
            double[][] gw = new double[k][d];
            double[] gb = new double[k];
            double total = 0;
            for (int i = 0; i < n; i++) {
                double[] p = softmax(w, b, x[i], scale);
                double cw = classWeight[y[i]];
                total += cw;
                for (int c = 0; c < k; c++) {
                    double g = cw * (p[c] - (c == y[i] ? 1 : 0));
                    gb[c] += g;
                    for (int j = 0; j < d; j++) {
                        gw[c][j] += g * x[i][j] * scale;
                    }
                }
            }
            for (int c = 0; c < k; c++) {
                vb[c] = momentum * vb[c] - LEARNING_RATE * gb[c] / total;
                b[c] += vb[c];
                for (int j = 0; j < d; j++) {
                    double g = gw[c][j] / total + L2 * w[c][j];
                    vw[c][j] = momentum * vw[c][j] - LEARNING_RATE * g;
                    w[c][j] += vw[c][j];
                }
            }
        }
        float[][] weights = new float[k][d];
        float[] bias = new float[k];
        for (int c = 0; c < k; c++) {
            bias[c] = (float) b[c];
            for (int j = 0; j < d; j++) {
                weights[c][j] = (float) (w[c][j] * scale);
            }
        }
        return new TeamPrior(model, classes, weights, bias);
    }

    /** The prompts of {@code rows} as neighbours, in the prior's classes. */
    static PromptBank bank(List<Row> rows, Map<String, float[]> embeddings, List<String> classes, String model) {
        int[] labels = rows.stream().mapToInt(r -> classes.indexOf(r.team())).toArray();
        return PromptBank.of(
                model,
                classes,
                labels,
                rows.stream().map(r -> embeddings.get(r.prompt())).toList());
    }

    /** The other head tried: cosine to each class's mean embedding over a temperature ({@code HEAD=centroid0.05}). */
    static TeamPrior centroids(
            List<Row> rows, Map<String, float[]> embeddings, List<String> classes, String model, double temperature) {
        int d = embeddings.get(rows.get(0).prompt()).length;
        float[][] weights = new float[classes.size()][];
        for (int c = 0; c < classes.size(); c++) {
            String team = classes.get(c);
            List<float[]> members = rows.stream()
                    .filter(r -> r.team().equals(team))
                    .map(r -> embeddings.get(r.prompt()))
                    .toList();
            float[] centroid = Vectors.centroid(members, java.util.Collections.nCopies(members.size(), 1.0), d);
            for (int j = 0; j < d; j++) {
                centroid[j] /= (float) temperature;
            }
            weights[c] = centroid;
        }
        return new TeamPrior(model, classes, weights, new float[classes.size()]);
    }

    private static double[] softmax(double[][] w, double[] b, float[] x, double scale) {
        double[] z = new double[w.length];
        for (int c = 0; c < w.length; c++) {
            double s = b[c];
            for (int j = 0; j < x.length; j++) {
                s += w[c][j] * x[j] * scale;
            }
            z[c] = s;
        }
        return TeamPrior.softmax(z);
    }

    /** Holds out each source family in turn: the prior never sees the phrasing it is measured on. */
    static void crossValidate(
            List<Row> rows,
            Map<String, float[]> embeddings,
            List<String> classes,
            String model,
            TextEmbedder embedder,
            List<AgentDefinition> agents) {
        Map<String, List<Row>> byFamily = new TreeMap<>();
        rows.forEach(r -> byFamily.computeIfAbsent(family(r.source()), f -> new ArrayList<>())
                .add(r));
        List<Setting> settings = List.of(
                new Setting(0, 0.1, 0, 3),
                new Setting(0.5, 0.1, 0, 3),
                new Setting(1, 0.1, 0, 3),
                new Setting(1, 0.05, 0, 3),
                new Setting(1, 0.2, 0, 3),
                new Setting(1.5, 0.1, 0, 3),
                new Setting(2, 0.1, 0, 3),
                new Setting(0, 0.1, 1, 3),
                new Setting(1, 0.1, 0.5, 3),
                SHIPPED,
                new Setting(1, 0.1, 1.5, 3),
                new Setting(1, 0.1, 2, 3),
                new Setting(1, 0.1, 1, 1),
                new Setting(1, 0.1, 1, 5),
                new Setting(1, 0.1, 1, 10),
                new Setting(0.5, 0.1, 1, 3),
                new Setting(1.5, 0.1, 1, 3));
        int neighbours = SHIPPED.neighbours();
        List<String> names = new ArrayList<>(List.of("prior alone", "bank alone k" + neighbours));
        settings.forEach(s -> names.add(s.name()));
        List<Setting> renamedSettings = List.of(settings.get(2), SHIPPED);
        renamedSettings.forEach(s -> names.add(s.name() + ", unknown team names"));
        // per setting: predictions in row order of the families
        Map<String, List<String[]>> results = new LinkedHashMap<>();
        names.forEach(n -> results.put(n, new ArrayList<>()));
        List<AgentDefinition> renamed = agents.stream()
                .map(a -> TestAgents.agent(
                        a.name(), a.team() + "-team", a.description(), a.keywords(), a.examples(), 1, 1000))
                .toList();
        for (var fold : byFamily.entrySet()) {
            List<Row> train = rows.stream()
                    .filter(r -> !family(r.source()).equals(fold.getKey()))
                    .toList();
            TeamPrior prior = train(train, embeddings, classes, model);
            PromptBank bank = bank(train, embeddings, classes, model);
            for (Row r : fold.getValue()) {
                float[] e = embeddings.get(r.prompt());
                results.get(names.get(0))
                        .add(new String[] {fold.getKey(), r.team(), classes.get(argmax(prior.probabilities(e)))});
                results.get(names.get(1)).add(new String[] {
                    fold.getKey(), r.team(), classes.get(argmax(bank.similarities(e, neighbours)))
                });
            }
            for (Setting s : settings) {
                results.get(s.name())
                        .addAll(route(fold.getKey(), fold.getValue(), embeddings, embedder, agents, prior, bank, s));
            }
            for (Setting s : renamedSettings) {
                for (String[] r :
                        route(fold.getKey(), fold.getValue(), embeddings, embedder, renamed, prior, bank, s)) {
                    r[2] = r[2].replace("-TEAM", "");
                    results.get(s.name() + ", unknown team names").add(r);
                }
            }
        }
        System.out.printf(
                "model %s, %d agents with %d examples each, %d prompts, %d source families%n",
                model, agents.size(), agents.get(0).examples().size(), rows.size(), byFamily.size());
        for (var e : results.entrySet()) {
            System.out.println(summary(e.getKey(), e.getValue(), classes));
        }
        System.out.println("\nper source family (held out), accuracy:");
        for (String f : byFamily.keySet()) {
            StringBuilder line = new StringBuilder(
                    String.format("  %-45s n=%4d", f, byFamily.get(f).size()));
            for (var e : results.entrySet()) {
                long n = e.getValue().stream().filter(r -> r[0].equals(f)).count();
                long ok = e.getValue().stream()
                        .filter(r -> r[0].equals(f) && r[1].equals(r[2]))
                        .count();
                line.append(String.format(" | %.3f", (double) ok / n));
            }
            System.out.println(line);
        }
        System.out.println("  columns: " + String.join(" | ", results.keySet()));
        for (String shown : List.of(SHIPPED.name(), settings.get(2).name())) {
            System.out.println("\nconfusions of '" + shown + "' (row = true team, column = routed team):");
            System.out.println(confusion(results.get(shown), classes));
        }
        System.out.println("confusions of 'declared only':");
        System.out.println(confusion(results.get("declared only"), classes));
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            best = v[c] > v[best] ? c : best;
        }
        return best;
    }

    /** One embedding at a time on this thread: 300 prompts to warm up, then 600 timed. */
    static void latency(TextEmbedder embedder, String model, List<Row> rows) {
        for (int i = 0; i < 300; i++) {
            embedder.embed(rows.get(i * 4 % rows.size()).prompt());
        }
        long[] nanos = new long[600];
        long chars = 0;
        for (int i = 0; i < nanos.length; i++) {
            String prompt = rows.get((i * 2 + 1) % rows.size()).prompt();
            chars += prompt.length();
            long start = System.nanoTime();
            embedder.embed(prompt);
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "%s: embedding p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, mean %.2f ms (%d prompts, mean %d chars)%n",
                model,
                nanos[nanos.length / 2] / 1e6,
                nanos[nanos.length * 9 / 10] / 1e6,
                nanos[nanos.length * 99 / 100] / 1e6,
                java.util.Arrays.stream(nanos).average().orElse(0) / 1e6,
                nanos.length,
                chars / nanos.length);
    }

    /** The project's own splits ({@code bench/router/dev.tsv}, {@code test.tsv}) without and with the prior. */
    static void bench(TextEmbedder embedder, TeamPrior prior, PromptBank bank, int examples) throws Exception {
        List<AgentDefinition> agents = benchAgents(Path.of("bench/router/agents.json"), examples);
        for (String split : List.of("dev.tsv", "test.tsv")) {
            List<Row> rows = new ArrayList<>();
            for (String[] r : ClassifierTuning.read(Path.of("bench/router", split))) {
                rows.add(new Row(r[1].trim(), r[0].trim().toUpperCase(Locale.ROOT), split));
            }
            Map<String, float[]> embeddings = new HashMap<>();
            rows.forEach(r -> embeddings.put(r.prompt(), embedder.embed(r.prompt())));
            List<String> classes = prior.classes().stream()
                    .map(c -> c.toUpperCase(Locale.ROOT))
                    .toList();
            for (Setting s : List.of(
                    new Setting(0, 0.1, 0, 3),
                    new Setting(0.5, 0.1, 0, 3),
                    new Setting(1, 0.1, 0, 3),
                    new Setting(1.5, 0.1, 0, 3),
                    SHIPPED)) {
                System.out.println(split + " "
                        + summary(s.name(), route(split, rows, embeddings, embedder, agents, prior, bank, s), classes));
            }
        }
    }

    static List<String[]> route(
            String family,
            List<Row> rows,
            Map<String, float[]> embeddings,
            TextEmbedder embedder,
            List<AgentDefinition> agents,
            TeamPrior prior,
            PromptBank bank,
            Setting setting) {
        ClassifierProperties d = ClassifierProperties.defaults();
        ClassifierProperties p = new ClassifierProperties(
                d.prototypeWeight(),
                d.lexicalWeight(),
                d.temperature(),
                d.centered(),
                0,
                "",
                "general",
                d.historyWeight(),
                d.historyLimit(),
                0,
                1,
                setting.priorWeight(),
                setting.smoothing(),
                setting.bankWeight(),
                setting.neighbours());
        EmbeddingIntentClassifier classifier = new EmbeddingIntentClassifier(embedder, p, prior, bank);
        classifier.prepare(agents);
        List<String[]> out = new ArrayList<>();
        for (Row r : rows) {
            var c = classifier.classify(r.prompt(), embeddings.get(r.prompt()), agents);
            var best = c.scores().stream()
                    .max((a, b) -> Double.compare(a.score(), b.score()))
                    .orElseThrow();
            String team = best.agent().team();
            // ABSTAIN=0.3: what /v1/route does with abstain-below (one agent per team, so the
            // agent's probability is its team's)
            if (best.score() < Double.parseDouble(System.getenv().getOrDefault("ABSTAIN", "0"))) {
                team = agents.stream()
                        .map(AgentDefinition::team)
                        .filter(t -> t.toLowerCase(Locale.ROOT).startsWith("general"))
                        .findFirst()
                        .orElse(team);
            }
            out.add(new String[] {family, r.team(), team.toUpperCase(Locale.ROOT)});
            if (System.getenv("SHOW_ERRORS") != null
                    && setting.equals(SHIPPED)
                    && !r.team().equals(team.toUpperCase(Locale.ROOT))) {
                System.out.printf(
                        "  miss %s -> %s (%s): %.100s%n",
                        r.team(), team, family, r.prompt().replace('\n', ' '));
            }
        }
        return out;
    }

    static String summary(String name, List<String[]> results, List<String> classes) {
        long ok = results.stream().filter(r -> r[1].equals(r[2])).count();
        StringBuilder s =
                new StringBuilder(String.format("%-42s accuracy %.3f, recall", name, (double) ok / results.size()));
        double worst = 1;
        double macro = 0;
        for (String c : classes) {
            long n = results.stream().filter(r -> r[1].equals(c)).count();
            long hit = results.stream()
                    .filter(r -> r[1].equals(c) && r[2].equals(c))
                    .count();
            double recall = (double) hit / n;
            worst = Math.min(worst, recall);
            macro += recall / classes.size();
            s.append(String.format(" %s %.2f", c, recall));
        }
        // every family counts once, however many prompts it brought
        Map<String, double[]> perFamily = new TreeMap<>();
        for (String[] r : results) {
            double[] f = perFamily.computeIfAbsent(r[0], k -> new double[2]);
            f[0] += r[1].equals(r[2]) ? 1 : 0;
            f[1]++;
        }
        double familyMean = perFamily.values().stream()
                .mapToDouble(f -> f[0] / f[1])
                .average()
                .orElse(0);
        return s.append(String.format(
                        ", worst %.2f, macro recall %.3f, mean over sources %.3f", worst, macro, familyMean))
                .toString();
    }

    static String confusion(List<String[]> results, List<String> classes) {
        StringBuilder s = new StringBuilder(String.format("  %-9s", ""));
        classes.forEach(c -> s.append(String.format("%9s", c)));
        s.append('\n');
        for (String t : classes) {
            s.append(String.format("  %-9s", t));
            for (String p : classes) {
                long n = results.stream()
                        .filter(r -> r[1].equals(t) && r[2].equals(p))
                        .count();
                s.append(String.format("%9d", n));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** The source's family: the repository it came from, without file, category or licence. */
    static String family(String source) {
        String head = source.split("[: ]", 2)[0];
        return head.equals("microsoft") ? "microsoft/BotBuilder-PersonalityChat" : head;
    }

    static List<Row> read(Path jsonl) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (!line.isBlank()) {
                JsonNode node = json.readTree(line);
                rows.add(new Row(
                        node.get("prompt").asString(),
                        node.get("team").asString().toUpperCase(Locale.ROOT),
                        node.get("source").asString()));
            }
        }
        return rows;
    }

    /** Embeds every prompt once per model, cached under {@code target/} between runs. */
    static Map<String, float[]> embedAll(TextEmbedder embedder, String model, List<Row> rows) throws IOException {
        Path cache = Path.of("router-service/target/bench/embeddings-" + model + ".bin");
        Map<String, float[]> out = new HashMap<>();
        if (Files.exists(cache)) {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(cache))) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    String text = in.readUTF();
                    float[] v = new float[in.readInt()];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = in.readFloat();
                    }
                    out.put(text, v);
                }
            }
        }
        boolean changed = false;
        long start = System.nanoTime();
        int embedded = 0;
        for (Row r : rows) {
            if (!out.containsKey(r.prompt())) {
                out.put(r.prompt(), embedder.embed(r.prompt()));
                changed = true;
                embedded++;
            }
        }
        if (embedded > 0) {
            System.out.printf(
                    "embedded %d prompts with %s in %.1f s%n", embedded, model, (System.nanoTime() - start) / 1e9);
        }
        if (changed) {
            Files.createDirectories(cache.getParent());
            try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(cache))) {
                o.writeInt(out.size());
                for (var e : out.entrySet()) {
                    o.writeUTF(e.getKey());
                    o.writeInt(e.getValue().length);
                    for (float f : e.getValue()) {
                        o.writeFloat(f);
                    }
                }
            }
        }
        return out;
    }

    static void write(TeamPrior prior, Path out, int size) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode root = json.createObjectNode();
        root.put("model", prior.model());
        root.put(
                "trainedOn",
                "../shared/data/routing/routing-train.jsonl (" + size + " public prompts), TeamPriorTrainer: "
                        + "balanced multinomial logistic regression, L2 " + L2 + ", " + STEPS + " steps");
        ArrayNode classes = root.putArray("classes");
        prior.classes().forEach(classes::add);
        ArrayNode weights = root.putArray("weights");
        ArrayNode bias = root.putArray("bias");
        for (int c = 0; c < prior.classes().size(); c++) {
            ArrayNode row = weights.addArray();
            float[] w = prior.weights(c);
            for (float v : w) {
                row.add(Math.round(v * 1e5) / 1e5);
            }
            bias.add(Math.round(prior.bias(c) * 1e5) / 1e5);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json.writeValueAsString(root) + "\n");
    }

    /** The bank as {@link PromptBank#read} reads it: each prompt's embedding as Base64 of its bytes, by class. */
    static void write(PromptBank bank, Path out) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode root = json.createObjectNode();
        root.put("model", bank.model());
        root.put(
                "trainedOn",
                "../shared/data/routing/routing-train.jsonl (" + bank.size() + " public prompts), TeamPriorTrainer: "
                        + "each prompt's embedding, one signed byte per dimension (largest coordinate at 127)");
        root.put("dimensions", bank.dimensions());
        ArrayNode classes = root.putArray("classes");
        bank.classes().forEach(classes::add);
        ObjectNode prompts = root.putObject("prompts");
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        for (int c = 0; c < bank.classes().size(); c++) {
            ArrayNode members = prompts.putArray(bank.classes().get(c));
            bank.codes(c).forEach(code -> members.add(base64.encodeToString(code)));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json.writeValueAsString(root) + "\n");
    }

    static List<AgentDefinition> benchAgents(Path json, int examples) throws Exception {
        return ClassifierTuning.agents(json).stream()
                .map(a -> TestAgents.agent(
                        a.name(),
                        a.team(),
                        a.description(),
                        a.keywords(),
                        a.examples().subList(0, Math.min(examples, a.examples().size())),
                        a.tier().rank(),
                        a.expectedLatencyMs()))
                .toList();
    }
}
