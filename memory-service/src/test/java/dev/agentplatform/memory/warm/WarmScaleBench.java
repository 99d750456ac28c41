package dev.agentplatform.memory.warm;

import dev.agentplatform.support.embedding.MiniLmEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Search latency of the WARM index at scale: {@code args[1]} memories (default 100,000) over {@code
 * args[2]} users (default 1,000), random unit vectors and texts of random words, then searches of one
 * user each, without the query's embedding (timed apart with the real MiniLM): {@link WarmSearch}
 * as it is, and in turns with it the three rankings it fuses reading every candidate (as it did
 * before it read only its results). Not a test; see bench/memory/README.md.
 */
public final class WarmScaleBench {

    public static void main(String[] args) throws Exception {
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int users = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        Random random = new Random(42);
        String[] words = new String[5_000];
        for (int i = 0; i < words.length; i++) {
            words[i] = Long.toString(Math.abs(random.nextLong()) % 1_000_000_000L, 36);
        }
        try (LuceneWarmIndex index = new LuceneWarmIndex(Files.createTempDirectory(Path.of(args[0]), "scale"))) {
            long t0 = System.nanoTime();
            List<WarmIndex.Embedded> batch = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                String user = "u" + (i % users);
                batch.add(new WarmIndex.Embedded(
                        new Memory(
                                user,
                                "m" + i,
                                Memory.MESSAGE,
                                "c",
                                "user",
                                null,
                                text(random, words, 15),
                                Instant.ofEpochMilli(1_700_000_000_000L + i * 1000L),
                                List.of("m" + i)),
                        vector(random)));
                if (batch.size() == 1_000) {
                    index.upsert(batch);
                    batch.clear();
                }
            }
            index.upsert(batch);
            System.out.printf(
                    "indexed %d memories of %d users in %.1f s (vectors given)%n",
                    total, users, (System.nanoTime() - t0) / 1e9);
            // each query both ways, in turns: the three rankings reading every candidate's stored
            // fields (as the search did before), and the search as it is (rankings, fusion, and
            // stored fields of the results only)
            WarmSearch search = new WarmSearch(index, null, new WarmProperties.Fusion(60, 50, 1.0, 1.0, 0.1));
            List<Double> everyCandidate = new ArrayList<>();
            List<Double> resultsOnly = new ArrayList<>();
            for (int q = 0; q < 2_200; q++) {
                WarmQuery query = WarmQuery.of("u" + random.nextInt(users));
                float[] v = vector(random);
                String text = text(random, words, 8);
                for (int way = 0; way < 2; way++) {
                    boolean before = (way + q) % 2 == 0;
                    long s0 = System.nanoTime();
                    if (before) {
                        index.nearest(query, v, 50);
                        index.matching(query, text, 50);
                        index.recent(query, 50);
                    } else {
                        search.search(query, text, v, 10);
                    }
                    if (q >= 200) {
                        (before ? everyCandidate : resultsOnly).add((System.nanoTime() - s0) / 1e6);
                    }
                }
            }
            print("index search, stored fields of every candidate (dense + BM25 + recency, one user)", everyCandidate);
            print("index search, stored fields of the 10 results (WarmSearch without the embedding)", resultsOnly);
        }
        try (StaticEmbedder fast = new StaticEmbedder();
                TextEmbedder model = new WarmConfig.MiniLmTextEmbedder(new MiniLmEmbedder())) {
            for (TextEmbedder embedder : List.of(fast, model)) {
                List<Double> lat = new ArrayList<>();
                for (int q = 0; q < 300; q++) {
                    long s0 = System.nanoTime();
                    embedder.embed("When did Caroline go to the LGBTQ support group number " + q + "?");
                    if (q >= 50) {
                        lat.add((System.nanoTime() - s0) / 1e6);
                    }
                }
                lat.sort(null);
                System.out.printf(
                        "query embedding (%s, one thread): p50 %.3f ms p95 %.3f ms%n",
                        embedder.name(), lat.get(lat.size() / 2), lat.get((int) (lat.size() * 0.95)));
            }
        }
    }

    private static void print(String what, List<Double> lat) {
        lat.sort(null);
        System.out.printf(
                "%s: p50 %.2f ms p95 %.2f ms p99 %.2f ms%n",
                what, lat.get(lat.size() / 2), lat.get((int) (lat.size() * 0.95)), lat.get((int) (lat.size() * 0.99)));
    }

    private static String text(Random random, String[] words, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(words[random.nextInt(words.length)]).append(' ');
        }
        return b.toString();
    }

    private static float[] vector(Random random) {
        float[] v = new float[MiniLmEmbedder.DIMENSIONS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return MiniLmEmbedder.normalise(v);
    }
}
