package dev.agentplatform.memory.warm;

import dev.agentplatform.support.embedding.MiniLmEmbedder;
import java.util.ArrayList;
import java.util.Comparator;
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
    private final MiniLmEmbedder embedder;
    private final WarmProperties.Fusion fusion;

    public WarmSearch(WarmIndex index, MiniLmEmbedder embedder, WarmProperties.Fusion fusion) {
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
        int depth = Math.max(fusion.depth(), limit * 3);
        float[] vector = embedder.embed(text);
        Map<String, Memory> byId = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        add(index.nearest(query, vector, depth), fusion.dense(), byId, scores);
        add(index.matching(query, text, depth), fusion.lexical(), byId, scores);
        if (fusion.recency() > 0) {
            add(index.recent(query, depth), fusion.recency(), byId, scores);
        }
        List<Hit> ranked = new ArrayList<>(scores.size());
        scores.forEach((id, score) -> ranked.add(new Hit(byId.get(id), score)));
        ranked.sort(Comparator.comparingDouble(Hit::score).reversed());
        List<Hit> results = new ArrayList<>(limit);
        Set<String> covered = new HashSet<>();
        for (Hit hit : ranked) {
            if (results.size() == limit) {
                break;
            }
            if (covered.containsAll(hit.memory().sources())) {
                continue;
            }
            covered.addAll(hit.memory().sources());
            results.add(hit);
        }
        return results;
    }

    private void add(List<Memory> list, double weight, Map<String, Memory> byId, Map<String, Double> scores) {
        for (int rank = 0; rank < list.size(); rank++) {
            Memory m = list.get(rank);
            byId.putIfAbsent(m.id(), m);
            scores.merge(m.id(), weight / (fusion.k() + rank + 1), Double::sum);
        }
    }
}
