package dev.agentplatform.gateway.semantic;

import dev.agentplatform.gateway.semantic.internal.PromptSignature;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Hit rates of the semantic cache's decision (similarity threshold plus false-hit guard) on pairs. */
final class SemanticPairsEvaluation {

    /** One pair scored once: the embedding similarity and whether the signatures agree. */
    record Scored(LabelledPairs.Pair pair, double similarity, boolean signaturesAgree, boolean sameContent) {}

    record Rates(
            double paraphraseHitRate,
            double swapFalseHitRate,
            int paraphrases,
            int swaps,
            Map<String, Integer> falseHitsByKind) {

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "paraphrase hit rate %.3f (of %d), swap false-hit rate %.3f (of %d), false hits by kind %s",
                    paraphraseHitRate,
                    paraphrases,
                    swapFalseHitRate,
                    swaps,
                    falseHitsByKind);
        }
    }

    static Scored score(PromptEmbedder embedder, LabelledPairs.Pair pair) {
        float[] cached = embedder.embedBlocking(pair.cached());
        float[] query = embedder.embedBlocking(pair.query());
        double dot = 0;
        for (int k = 0; k < cached.length; k++) {
            dot += cached[k] * query[k];
        }
        PromptSignature cachedSignature = PromptSignature.of(pair.cached());
        PromptSignature querySignature = PromptSignature.of(pair.query());
        return new Scored(
                pair,
                dot,
                cachedSignature.agreesWith(querySignature),
                cachedSignature.contentAgainst(querySignature) == PromptSignature.Content.SAME);
    }

    static Rates rates(List<Scored> scored, double threshold, boolean withGuard) {
        return rates(scored, threshold, threshold, withGuard);
    }

    /** Rates when pairs with the same content words need only {@code sameContentThreshold}. */
    static Rates rates(List<Scored> scored, double threshold, double sameContentThreshold, boolean withGuard) {
        int paraphrases = 0, paraphraseHits = 0, swaps = 0, falseHits = 0;
        Map<String, Integer> byKind = new TreeMap<>();
        for (Scored s : scored) {
            double needed = withGuard && s.sameContent() ? Math.min(threshold, sameContentThreshold) : threshold;
            boolean hit = s.similarity() >= needed && (!withGuard || s.signaturesAgree());
            if (s.pair().shouldHit()) {
                paraphrases++;
                paraphraseHits += hit ? 1 : 0;
            } else {
                swaps++;
                if (hit) {
                    falseHits++;
                    byKind.merge(s.pair().kind(), 1, Integer::sum);
                }
            }
        }
        return new Rates(paraphraseHits / (double) paraphrases, falseHits / (double) swaps, paraphrases, swaps, byKind);
    }
}
