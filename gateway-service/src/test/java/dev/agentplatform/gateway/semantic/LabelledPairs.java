package dev.agentplatform.gateway.semantic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The labelled pairs of semantic/pairs.jsonl (written by bench/gateway/semantic/make_pairs.py). */
record LabelledPairs(List<Pair> pairs) {

    record Pair(String kind, boolean shouldHit, String cached, String query, String split) {}

    static LabelledPairs load() {
        JsonMapper json = JsonMapper.builder().build();
        List<Pair> pairs = new ArrayList<>();
        // pairs.jsonl: the tune and test splits; overlap-pairs.jsonl: the "overlap" split, Quora-style
        // paraphrases and hard non-paraphrases with high word overlap, never tuned on
        for (String file : List.of("semantic/pairs.jsonl", "semantic/overlap-pairs.jsonl")) {
            read(json, file, pairs);
        }
        return new LabelledPairs(List.copyOf(pairs));
    }

    private static void read(JsonMapper json, String file, List<Pair> pairs) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                LabelledPairs.class.getClassLoader().getResourceAsStream(file), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    JsonNode node = json.readTree(line);
                    pairs.add(new Pair(
                            node.get("kind").asString(),
                            "hit".equals(node.get("expect").asString()),
                            node.get("cached").asString(),
                            node.get("query").asString(),
                            node.get("split").asString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Pair> split(String name) {
        return pairs.stream().filter(pair -> pair.split().equals(name)).toList();
    }

    static SemanticCacheProperties properties(double threshold, String directory) {
        return new SemanticCacheProperties(
                true,
                threshold,
                Math.min(threshold, 0.85),
                5,
                java.time.Duration.ofHours(1),
                "lucene",
                directory,
                2000,
                2,
                512,
                2048,
                "",
                "",
                "semantic_cache");
    }
}
