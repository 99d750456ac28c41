package dev.agentplatform.router.classify;

import dev.agentplatform.router.registry.Agent;
import dev.agentplatform.router.registry.ShippedCatalog;
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
        List<Agent> six = agents(root.resolve("agents.json"));
        List<Agent> all = new ArrayList<>(ShippedCatalog.registry().all());
        all.addAll(six);
        TextEmbedder embedder = new CachingEmbedder(new MiniLmTextEmbedder());
        for (String[] row : rows) {
            embedder.embed(row[1]);
        }
        double[] lambdas = {0.0, 0.3, 0.5, 0.7, 1.0};
        double[] lexicals = {0.0, 0.1, 0.25, 0.5};
        boolean[] centers = {false, true};
        for (boolean centered : centers) {
            for (double lambda : lambdas) {
                for (double lexical : lexicals) {
                    ClassifierProperties p = new ClassifierProperties(
                            lambda, lexical, 0.05, centered, 0.0, "", "general", 0.5, 200, 0, 1);
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

    static String evaluate(TextEmbedder embedder, ClassifierProperties p, List<Agent> agents, List<String[]> rows) {
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

    static List<Agent> agents(Path json) throws Exception {
        List<Agent> agents = new ArrayList<>();
        for (JsonNode node : JsonMapper.builder().build().readTree(json.toFile())) {
            List<String> keywords = new ArrayList<>();
            node.get("keywords").forEach(k -> keywords.add(k.asString()));
            List<String> examples = new ArrayList<>();
            node.path("examples").forEach(k -> examples.add(k.asString()));
            agents.add(new Agent(
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
