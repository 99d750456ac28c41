package dev.agentplatform.gateway.semantic;

import java.util.List;
import java.util.Locale;

/**
 * How the similarity threshold was chosen: rates on the tune split only, with and without the
 * false-hit guard. Run by hand, see bench/gateway/semantic/README.md.
 */
final class SemanticTuning {

    public static void main(String[] args) {
        PromptEmbedder embedder = new PromptEmbedder(LabelledPairs.properties(0.9, "unused"));
        List<SemanticPairsEvaluation.Scored> scored =
                LabelledPairs.load().split(args.length > 0 ? args[0] : "tune").stream()
                        .map(pair -> SemanticPairsEvaluation.score(embedder, pair))
                        .toList();
        for (double threshold = 0.70; threshold <= 0.951; threshold += 0.01) {
            System.out.printf(
                    Locale.ROOT,
                    "t=%.2f guard: %s%n       no guard: %s%n",
                    threshold,
                    SemanticPairsEvaluation.rates(scored, threshold, true).describe(),
                    SemanticPairsEvaluation.rates(scored, threshold, false).describe());
        }
        for (double relaxed = 0.70; relaxed <= 0.901; relaxed += 0.05) {
            System.out.printf(
                    Locale.ROOT,
                    "t=0.90, same content words from %.2f: %s%n",
                    relaxed,
                    SemanticPairsEvaluation.rates(scored, 0.90, relaxed, true).describe());
        }
        scored.stream()
                .filter(s -> s.pair().shouldHit() && !s.signaturesAgree())
                .forEach(s -> System.out.println("guard refuses paraphrase: "
                        + s.pair().cached() + " | " + s.pair().query()));
        scored.stream()
                .filter(s -> !s.pair().shouldHit() && s.signaturesAgree())
                .forEach(s -> System.out.printf(
                        Locale.ROOT,
                        "guard passes swap (%.3f): %s | %s%n",
                        s.similarity(),
                        s.pair().cached(),
                        s.pair().query()));
        scored.stream()
                .filter(s -> s.pair().shouldHit() && s.similarity() < 0.92)
                .forEach(s -> System.out.printf(
                        Locale.ROOT,
                        "paraphrase at %.3f: %s | %s%n",
                        s.similarity(),
                        s.pair().cached(),
                        s.pair().query()));
        embedder.destroy();
    }
}
