package dev.agentplatform.memory.warm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hybrid retrieval over a {@link WarmIndex}: the nearest memories by embedding, the best BM25
 * matches and the most recent ones, fused by weighted reciprocal rank ({@code sum w / (k + rank)},
 * Cormack et al. 2009). Rank fusion needs no calibration between cosine and BM25 scores. A result
 * whose sources are all among better results' sources is left out: it would repeat what the caller
 * already has (a message inside a segment ranked above it).
 */
public final class WarmSearch {

    private final WarmIndex index;
    private final TextEmbedder embedder;
    private final WarmProperties.Fusion fusion;

    public WarmSearch(WarmIndex index, TextEmbedder embedder, WarmProperties.Fusion fusion) {
        this.index = index;
        this.embedder = embedder;
        this.fusion = fusion;
    }

    /**
     * A result: a memory and its fused score.
     *
     * @param memory the memory
     * @param score its fused score (higher is better; comparable within one search only)
     */
    public record Hit(Memory memory, double score) {}

    public List<Hit> search(WarmQuery query, String text, int limit) {
        return search(query, text, embedder.embed(text), limit);
    }

    /** {@link #search} with the query's embedding given (benchmarks time the index apart from the embedding). */
    List<Hit> search(WarmQuery query, String text, float[] vector, int limit) {
        int depth = Math.max(fusion.depth(), limit * 3);
        try (WarmIndex.Rankings rankings = index.rank(query, vector, text, depth, fusion.recency() > 0)) {
            Map<Integer, Double> scores = new LinkedHashMap<>();
            add(rankings.dense(), fusion.dense(), scores);
            add(rankings.lexical(), fusion.lexical(), scores);
            add(rankings.recent(), fusion.recency(), scores);
            List<Map.Entry<Integer, Double>> ranked = new ArrayList<>(scores.entrySet());
            ranked.sort(Map.Entry.<Integer, Double>comparingByValue().reversed());
            List<Hit> results = new ArrayList<>(limit);
            Set<String> covered = new HashSet<>();
            for (Map.Entry<Integer, Double> candidate : ranked) {
                if (results.size() == limit) {
                    break;
                }
                Memory memory = rankings.memory(candidate.getKey());
                if (covered.containsAll(memory.sources())) {
                    continue;
                }
                covered.addAll(memory.sources());
                results.add(new Hit(memory, candidate.getValue()));
            }
            return results;
        }
    }

    private void add(int[] ranking, double weight, Map<Integer, Double> scores) {
        for (int rank = 0; rank < ranking.length; rank++) {
            scores.merge(ranking[rank], weight / (fusion.k() + rank + 1), Double::sum);
        }
    }
}
