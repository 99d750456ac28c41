package dev.agentplatform.gateway.semantic;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Latency of a semantic hit as the gateway pays it: embedding the prompt plus the index search and
 * the false-hit guard, through the reactive API (so the scheduler hops are included), single
 * caller, against an index holding {@code entries} other prompts in the same tenant scope. Run: see
 * {@code bench/gateway/semantic/README.md}.
 */
final class SemanticHitBench {

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path directory = Files.createTempDirectory("semantic-bench");
        PromptEmbedder embedder = SharedEmbedder.EMBEDDER;
        SemanticCacheProperties properties = LabelledPairs.properties(0.90, directory.toString());
        try (LuceneVectorIndex index = new LuceneVectorIndex(directory.resolve("index"))) {
            SemanticCache cache = new SemanticCache(index, properties, new SimpleMeterRegistry(), Clock.systemUTC());
            Random random = new Random(1);
            byte[] answer = "{\"choices\":[{\"message\":{\"content\":\"cached\"}}]}".getBytes(StandardCharsets.UTF_8);
            for (int k = 0; k < entries; k++) {
                float[] vector = new float[PromptEmbedder.DIMENSIONS];
                for (int d = 0; d < vector.length; d++) {
                    vector[d] = (float) random.nextGaussian();
                }
                cache.put("tenant", "auto", "filler prompt " + k, PromptEmbedder.normalise(vector), answer);
            }
            List<LabelledPairs.Pair> paraphrases = LabelledPairs.load().pairs().stream()
                    .filter(LabelledPairs.Pair::shouldHit)
                    .toList();
            for (LabelledPairs.Pair pair : paraphrases) {
                cache.put("tenant", "auto", pair.cached(), embedder.embedBlocking(pair.cached()), answer);
            }
            for (LabelledPairs.Pair pair : paraphrases) {
                embedder.embed(pair.query())
                        .flatMap(v -> cache.lookup("tenant", "auto", pair.query(), v))
                        .block();
            }
            long[] hitNanos = new long[paraphrases.size() * rounds];
            long[] embedNanos = new long[paraphrases.size() * rounds];
            long[] searchNanos = new long[paraphrases.size() * rounds];
            int n = 0, hits = 0;
            for (int round = 0; round < rounds; round++) {
                for (LabelledPairs.Pair pair : paraphrases) {
                    long start = System.nanoTime();
                    float[] vector = embedder.embed(pair.query()).block();
                    long embedded = System.nanoTime();
                    boolean hit = cache.lookup("tenant", "auto", pair.query(), vector)
                            .block()
                            .isPresent();
                    long end = System.nanoTime();
                    hitNanos[n] = end - start;
                    embedNanos[n] = embedded - start;
                    searchNanos[n++] = end - embedded;
                    hits += hit ? 1 : 0;
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "index: %d entries in the scope, %d lookups, %d hits%n",
                    entries + paraphrases.size(),
                    n,
                    hits);
            print("embedding + lookup", hitNanos);
            print("embedding alone", embedNanos);
            print("lookup alone (search + guard)", searchNanos);
            cache.destroy();
        }
        embedder.destroy();
    }

    private static void print(String label, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf(
                Locale.ROOT,
                "%s: p50=%.2f ms p95=%.2f ms p99=%.2f ms max=%.2f ms%n",
                label,
                sorted[(int) (n * 0.50)] / 1e6,
                sorted[(int) (n * 0.95)] / 1e6,
                sorted[(int) (n * 0.99)] / 1e6,
                sorted[n - 1] / 1e6);
    }
}
