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
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                LabelledPairs.class.getClassLoader().getResourceAsStream("semantic/pairs.jsonl"),
                StandardCharsets.UTF_8))) {
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
        return new LabelledPairs(List.copyOf(pairs));
    }

    List<Pair> split(String name) {
        return pairs.stream().filter(pair -> pair.split().equals(name)).toList();
    }

    static SemanticCacheProperties properties(double threshold, String directory) {
        return new SemanticCacheProperties(
                true,
                threshold,
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
