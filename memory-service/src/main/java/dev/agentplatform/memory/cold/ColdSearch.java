package dev.agentplatform.memory.cold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Graph retrieval: the entities a query names, the facts around them up to {@link
 * ColdProperties#hops()} away, ranked by how many of the query's other words the fact (its
 * predicate, object and sentence) shares, a fact touching a query entity before one a step
 * further. With no entity in the query there is nothing to start from and the result is empty.
 */
public final class ColdSearch {

    private static final Set<String> STOP = Set.of(
            "a", "an", "the", "of", "to", "in", "on", "at", "for", "with", "and", "or", "is", "are", "was", "were",
            "be", "been", "did", "do", "does", "has", "have", "had", "what", "when", "where", "who", "whom", "why",
            "how", "which", "that", "this", "it", "its", "from", "by", "as", "about", "would", "could", "should",
            "will", "can", "kind", "some", "any", "s", "i", "you", "he", "she", "they", "we", "his", "her", "their",
            "my", "your", "our", "me", "him", "them", "likely", "might", "there", "than", "then", "into", "after",
            "before", "during", "since", "ever", "also", "like");

    private final ColdGraph graph;
    private final RuleExtractor extractor;
    private final ColdProperties properties;

    public ColdSearch(ColdGraph graph, RuleExtractor extractor, ColdProperties properties) {
        this.graph = graph;
        this.extractor = extractor;
        this.properties = properties;
    }

    /**
     * A fact and its score for one query.
     *
     * @param fact the fact
     * @param score its score (higher is better; comparable within one search only)
     */
    public record Hit(ColdGraph.Found fact, double score) {}

    public List<Hit> search(String userId, String query, int limit) {
        List<String> keys = extractor.entityKeys(query);
        if (keys.isEmpty()) {
            return List.of();
        }
        Set<String> terms = terms(query);
        for (String key : keys) {
            terms.removeAll(terms(key));
        }
        List<Hit> hits = new ArrayList<>();
        for (ColdGraph.Found f : graph.around(userId, keys, properties.hops())) {
            Set<String> said = terms(f.predicate().replace('_', ' ') + " " + f.object() + " " + f.sentence());
            double shared = 0;
            for (String term : terms) {
                if (said.contains(term)) {
                    shared++;
                }
            }
            if (shared == 0 && !terms.isEmpty()) {
                continue;
            }
            double score = shared / Math.sqrt(Math.max(said.size(), 1)) * (f.hops() == 1 ? 1.0 : 0.5);
            if (f.validTo() != null) {
                score *= 0.8; // what no longer holds ranks below what does, all else equal
            }
            hits.add(new Hit(f, score));
        }
        hits.sort(Comparator.comparingDouble(Hit::score)
                .reversed()
                .thenComparing(h -> h.fact().validFrom(), Comparator.reverseOrder()));
        return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : hits;
    }

    /** Lower-case words of at least two letters, stop words out, stemmed. */
    static Set<String> terms(String text) {
        Set<String> terms = new HashSet<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\d]+")) {
            if (word.length() < 2 || STOP.contains(word)) {
                continue;
            }
            terms.add(stem(word));
        }
        return terms;
    }

    /** A crude stem, the same for "move", "moves", "moved" and "moving". */
    static String stem(String word) {
        String stem = word;
        if (stem.length() > 5 && stem.endsWith("ing")) {
            stem = stem.substring(0, stem.length() - 3);
        } else if (stem.length() > 4 && stem.endsWith("ed")) {
            stem = stem.substring(0, stem.length() - 2);
        } else if (stem.length() > 3 && stem.endsWith("s") && !stem.endsWith("ss")) {
            stem = stem.substring(0, stem.length() - 1);
        }
        if (stem.length() > 3 && stem.endsWith("e")) {
            stem = stem.substring(0, stem.length() - 1);
        }
        return stem;
    }

    /** The text a result shows: the fact, when it was said or holds, and the sentence it came from. */
    public static String text(ColdGraph.Found f) {
        StringBuilder text = new StringBuilder()
                .append(f.subject())
                .append(' ')
                .append(f.predicate().replace('_', ' '))
                .append(' ')
                .append(f.object());
        if (f.when() != null) {
            text.append(" (").append(f.when()).append(')');
        }
        text.append(" — ");
        if (f.speaker() != null) {
            text.append(f.speaker()).append(": ");
        }
        return text.append('"').append(f.sentence()).append('"').toString();
    }
}
