package dev.agentplatform.router.classify;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.router.registry.ShippedCatalog;
import dev.agentplatform.router.registry.TestAgents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tuning aid over the DEV split only: {@code java ... ClassifierTuning bench/router/dev.tsv}. Prints
 * team accuracy for a grid of settings, with the six bench agents alone and beside the nine seeds.
 */
public final class ClassifierTuning {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 1 ? args[1] : "bench/router");
        List<String[]> rows = read(Path.of(args[0]));
        List<AgentDefinition> six = agents(root.resolve("agents.json"));
        List<AgentDefinition> all = new ArrayList<>(ShippedCatalog.registry().all());
        all.addAll(six);
        TextEmbedder embedder = new CachingEmbedder(new MiniLmTextEmbedder());
        for (String[] row : rows) {
            embedder.embed(row[1]);
        }
        if (System.getenv("SUPPORT") != null) {
            support(embedder, six, rows);
            support(embedder, all, rows);
            return;
        }
        if (System.getenv("CALIBRATE") != null) {
            calibrate(embedder, six, rows);
            return;
        }
        double[] lambdas = {0.0, 0.3, 0.5, 0.7, 1.0};
        double[] lexicals = {0.0, 0.1, 0.25, 0.5};
        boolean[] centers = {false, true};
        for (boolean centered : centers) {
            for (double lambda : lambdas) {
                for (double lexical : lexicals) {
                    ClassifierProperties p = new ClassifierProperties(
                            lambda, lexical, 0.05, centered, 0.0, "", "general", 0.5, 200, 0, 1, 0.0, 0.1, 0.0, 3);
                    System.out.printf(
                            "centered=%s lambda=%.1f lexical=%.2f six=%s fifteen=%s%n",
                            centered,
                            lambda,
                            lexical,
                            evaluate(embedder, p, six, rows),
                            evaluate(embedder, p, all, rows));
                }
            }
        }
    }

    /** Accuracy when prompts whose best raw cosine to any declared text is under a floor go to general. */
    static void support(TextEmbedder embedder, List<AgentDefinition> agents, List<String[]> rows) {
        EmbeddingIntentClassifier classifier = new EmbeddingIntentClassifier(embedder, ClassifierProperties.defaults());
        classifier.prepare(agents);
        List<float[]> texts = new ArrayList<>();
        for (AgentDefinition a : agents) {
            if (!a.team().equals("general")) {
                for (String t : EmbeddingIntentClassifier.texts(a)) {
                    texts.add(embedder.embed(t));
                }
            }
        }
        for (double floor : new double[] {0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45}) {
            int correct = 0;
            int abstained = 0;
            for (String[] row : rows) {
                float[] q = embedder.embed(row[1]);
                double best = -1;
                for (float[] t : texts) {
                    best = Math.max(best, Vectors.dot(q, t));
                }
                var c = classifier.classify(row[1], agents);
                String team = c.scores().stream()
                        .max((a, b) -> Double.compare(a.score(), b.score()))
                        .orElseThrow()
                        .agent()
                        .team();
                if (best < floor) {
                    team = "general";
                    abstained++;
                }
                correct += team.equals(row[0]) ? 1 : 0;
            }
            System.out.printf(
                    "agents %d, support floor %.2f: accuracy %.3f (%d abstained)%n",
                    agents.size(), floor, (double) correct / rows.size(), abstained);
        }
    }

    /** Negative log-likelihood and expected calibration error of the team probabilities, per temperature. */
    static void calibrate(TextEmbedder embedder, List<AgentDefinition> agents, List<String[]> rows) {
        ClassifierProperties d = ClassifierProperties.defaults();
        for (double t : new double[] {0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.15}) {
            ClassifierProperties p = new ClassifierProperties(
                    d.prototypeWeight(),
                    d.lexicalWeight(),
                    t,
                    d.centered(),
                    0,
                    "",
                    "general",
                    0.5,
                    200,
                    0,
                    1,
                    0.0,
                    0.1,
                    0.0,
                    3);
            EmbeddingIntentClassifier classifier = new EmbeddingIntentClassifier(embedder, p);
            classifier.prepare(agents);
            double nll = 0;
            double[] binConfidence = new double[10];
            double[] binCorrect = new double[10];
            int[] binCount = new int[10];
            for (String[] row : rows) {
                var c = classifier.classify(row[1], agents);
                Map<String, Double> teams = new LinkedHashMap<>();
                c.scores().forEach(s -> teams.merge(s.agent().team(), s.score(), Double::sum));
                var best = teams.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .orElseThrow();
                nll -= Math.log(Math.max(1e-9, teams.getOrDefault(row[0], 0.0)));
                int bin = Math.min(9, (int) (best.getValue() * 10));
                binConfidence[bin] += best.getValue();
                binCorrect[bin] += best.getKey().equals(row[0]) ? 1 : 0;
                binCount[bin]++;
            }
            double ece = 0;
            for (int b = 0; b < 10; b++) {
                if (binCount[b] > 0) {
                    ece += Math.abs(binConfidence[b] - binCorrect[b]) / rows.size();
                }
            }
            System.out.printf("temperature %.2f: NLL %.3f per prompt, ECE %.3f%n", t, nll / rows.size(), ece);
        }
        for (double threshold : new double[] {0, 0.3, 0.4, 0.5, 0.6}) {
            ClassifierProperties p = new ClassifierProperties(
                    d.prototypeWeight(),
                    d.lexicalWeight(),
                    d.temperature(),
                    d.centered(),
                    threshold,
                    "",
                    "general",
                    0.5,
                    200,
                    0,
                    1,
                    0.0,
                    0.1,
                    0.0,
                    3);
            EmbeddingIntentClassifier classifier = new EmbeddingIntentClassifier(embedder, p);
            classifier.prepare(agents);
            int correct = 0;
            for (String[] row : rows) {
                var c = classifier.classify(row[1], agents);
                var best = c.scores().stream()
                        .max((a, b) -> Double.compare(a.score(), b.score()))
                        .orElseThrow();
                String team =
                        best.score() < threshold ? "general" : best.agent().team();
                correct += team.equals(row[0]) ? 1 : 0;
            }
            System.out.printf(
                    "abstain below %.1f to general: accuracy %.3f%n", threshold, (double) correct / rows.size());
        }
    }

    static String evaluate(
            TextEmbedder embedder, ClassifierProperties p, List<AgentDefinition> agents, List<String[]> rows) {
        EmbeddingIntentClassifier classifier = new EmbeddingIntentClassifier(embedder, p);
        classifier.prepare(agents);
        Map<String, int[]> perTeam = new LinkedHashMap<>();
        int correct = 0;
        for (String[] row : rows) {
            var c = classifier.classify(row[1], agents);
            var best = c.scores().stream()
                    .max((a, b) -> Double.compare(a.score(), b.score()))
                    .orElseThrow();
            boolean ok = best.agent().team().equals(row[0]);
            correct += ok ? 1 : 0;
            int[] t = perTeam.computeIfAbsent(row[0], k -> new int[2]);
            t[0] += ok ? 1 : 0;
            t[1]++;
            if (!ok && System.getenv("SHOW_ERRORS") != null) {
                System.out.println("  miss " + row[0] + " -> " + best.agent().name() + ": " + row[1]);
            }
        }
        StringBuilder out = new StringBuilder(String.format("%.3f [", (double) correct / rows.size()));
        perTeam.forEach((team, t) -> out.append(String.format("%s %.2f ", team, (double) t[0] / t[1])));
        return out.append(']').toString();
    }

    static List<String[]> read(Path tsv) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (!line.isBlank()) {
                rows.add(line.split("\t", 2));
            }
        }
        return rows;
    }

    static List<AgentDefinition> agents(Path json) throws Exception {
        List<AgentDefinition> agents = new ArrayList<>();
        for (JsonNode node : JsonMapper.builder().build().readTree(json.toFile())) {
            List<String> keywords = new ArrayList<>();
            node.get("keywords").forEach(k -> keywords.add(k.asString()));
            List<String> examples = new ArrayList<>();
            node.path("examples").forEach(k -> examples.add(k.asString()));
            agents.add(TestAgents.agent(
                    node.get("name").asString(),
                    node.get("team").asString(),
                    node.get("description").asString(),
                    keywords,
                    examples,
                    node.get("costTier").asInt(),
                    node.get("avgLatencyMs").asLong()));
        }
        return agents;
    }

    /** Remembers embeddings so the grid embeds each text once. */
    static final class CachingEmbedder implements TextEmbedder {
        private final TextEmbedder delegate;
        private final Map<String, float[]> cache = new java.util.concurrent.ConcurrentHashMap<>();

        CachingEmbedder(TextEmbedder delegate) {
            this.delegate = delegate;
        }

        @Override
        public float[] embed(String text) {
            return cache.computeIfAbsent(text, delegate::embed);
        }

        @Override
        public int dimensions() {
            return delegate.dimensions();
        }
    }
}
