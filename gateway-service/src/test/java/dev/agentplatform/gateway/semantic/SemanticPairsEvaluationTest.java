package dev.agentplatform.gateway.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The semantic cache as shipped (default thresholds, Lucene index, false-hit guard) on the test split
 * of the labelled pairs and on the overlap pairs, which the thresholds were not tuned on: each pair's cached prompt is stored in
 * a scope of its own and the other prompt looked up there.
 */
class SemanticPairsEvaluationTest {

    @TempDir
    Path directory;

    /** What one split gave: paraphrase hits and false hits of how many. */
    record Outcome(int paraphrases, int paraphraseHits, int swaps, int falseHits) {
        double hitRate() {
            return paraphraseHits / (double) paraphrases;
        }

        double falseHitRate() {
            return falseHits / (double) swaps;
        }
    }

    @Test
    void servesParaphrasesAndRefusesSwapsOnTheTestSplit() {
        Outcome outcome = run("test");
        assertThat(outcome.paraphrases()).isGreaterThanOrEqualTo(75);
        assertThat(outcome.swaps()).isGreaterThanOrEqualTo(75);
        assertThat(outcome.hitRate()).isGreaterThanOrEqualTo(0.60);
        assertThat(outcome.falseHitRate()).isLessThanOrEqualTo(0.01);
    }

    /**
     * Quora-style pairs written apart from the tuning ({@code overlap-pairs.jsonl}): paraphrases, and
     * questions with high word overlap that ask something narrower or else ("reset my router" / "reset
     * my router password", "data scientist" / "data engineer").
     */
    @Test
    void refusesNarrowerQuestionsWithHighWordOverlap() {
        Outcome outcome = run("overlap");
        assertThat(outcome.hitRate()).isGreaterThanOrEqualTo(0.60);
        assertThat(outcome.falseHitRate()).isLessThanOrEqualTo(0.05);
    }

    private Outcome run(String split) {
        PromptEmbedder embedder = SharedEmbedder.EMBEDDER;
        SemanticCacheProperties defaults = LabelledPairs.properties(0.90, directory.toString());
        List<LabelledPairs.Pair> pairs = LabelledPairs.load().split(split);
        int paraphrases = 0, paraphraseHits = 0, swaps = 0, falseHits = 0;
        Map<String, Integer> falseHitsByKind = new TreeMap<>();
        try (LuceneVectorIndex index = new LuceneVectorIndex(directory.resolve("index"))) {
            SemanticCache cache = new SemanticCache(index, defaults, new SimpleMeterRegistry(), Clock.systemUTC());
            for (int k = 0; k < pairs.size(); k++) {
                LabelledPairs.Pair pair = pairs.get(k);
                String scope = "pair-" + k;
                cache.put(
                        scope,
                        "auto",
                        pair.cached(),
                        embedder.embedBlocking(pair.cached()),
                        pair.cached().getBytes(StandardCharsets.UTF_8));
                boolean hit = cache.find(scope, "auto", pair.query(), embedder.embedBlocking(pair.query()))
                        .isPresent();
                if (pair.shouldHit()) {
                    paraphrases++;
                    paraphraseHits += hit ? 1 : 0;
                } else {
                    swaps++;
                    if (hit) {
                        falseHits++;
                        falseHitsByKind.merge(pair.kind(), 1, Integer::sum);
                    }
                }
            }
            cache.destroy();
        }
        double hitRate = paraphraseHits / (double) paraphrases;
        double falseHitRate = falseHits / (double) swaps;
        System.out.printf(
                Locale.ROOT,
                "semantic %s split: paraphrase hit rate %.3f (%d/%d), swap false-hit rate %.3f (%d/%d) %s%n",
                split,
                hitRate,
                paraphraseHits,
                paraphrases,
                falseHitRate,
                falseHits,
                swaps,
                falseHitsByKind);
        return new Outcome(paraphrases, paraphraseHits, swaps, falseHits);
    }
}
