package dev.agentplatform.memory.warm;

import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.memory.cold.ColdGraph;
import dev.agentplatform.memory.cold.ColdProperties;
import dev.agentplatform.memory.cold.ColdSearch;
import dev.agentplatform.memory.cold.Extraction;
import dev.agentplatform.memory.cold.RuleExtractor;
import dev.agentplatform.memory.cold.TierFusion;
import dev.agentplatform.memory.ingest.Segmenter;
import dev.agentplatform.support.embedding.MiniLmEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evidence recall of {@link WarmSearch} on the LoCoMo development conversations, in process (no
 * HTTP, no Redis): what bench/memory reports, for tuning. Not a test. Arguments: the JSON file, an
 * index directory, the segment size, then the fusion weights dense, lexical, recency, and
 * optionally COLD's weights in the fusion with WARM, comma-separated (0: COLD alone): then every
 * session is also extracted into a Neo4j graph ({@code NEO4J_URI} or the embedded dev-neo4j
 * server) and each weight is measured after WARM alone. {@code -Dlocomo.embedding=minilm} embeds
 * with MiniLM itself instead of the static embedding.
 */
public final class LocomoRecall {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("h:mm a 'on' d MMMM, yyyy", Locale.ENGLISH);

    public static void main(String[] args) throws Exception {
        JsonNode convs = JsonMapper.builder().build().readTree(Files.readString(Path.of(args[0])));
        int segment = Integer.parseInt(args[2]);
        var fusion = new WarmProperties.Fusion(
                60, 50, Double.parseDouble(args[3]), Double.parseDouble(args[4]), Double.parseDouble(args[5]));
        List<Double> variants = new ArrayList<>();
        variants.add(null); // WARM alone
        if (args.length > 6) {
            for (String w : args[6].split(",")) {
                variants.add(Double.parseDouble(w));
            }
        }
        Driver driver =
                variants.size() == 1 ? null : GraphDatabase.driver(TestInfrastructure.neo4jUri(), AuthTokens.none());
        ColdProperties coldProperties = new ColdProperties("bolt://", "neo4j", null, "neo4j", 2, 60, 2000, 0, true);
        ColdGraph graph = driver == null ? null : new ColdGraph(driver, coldProperties);
        RuleExtractor extractor = new RuleExtractor();
        String run = Long.toString(System.nanoTime(), 36);
        long coldNanos = 0;
        int facts = 0;
        try (TextEmbedder embedder = "minilm".equals(System.getProperty("locomo.embedding"))
                        ? new WarmConfig.MiniLmTextEmbedder(new MiniLmEmbedder())
                        : new StaticEmbedder();
                LuceneWarmIndex index = new LuceneWarmIndex(Files.createTempDirectory(Path.of(args[1]), "idx"))) {
            Segmenter segmenter = new Segmenter(segment);
            long t0 = System.nanoTime();
            int messages = 0;
            for (JsonNode c : convs) {
                String sid = c.get("sample_id").asString();
                JsonNode conv = c.get("conversation");
                for (int n = 1; conv.has("session_" + n); n++) {
                    String date = conv.path("session_" + n + "_date_time").asString("");
                    Instant at = LocalDateTime.parse(date.replace("am", "AM").replace("pm", "PM"), WHEN)
                            .toInstant(ZoneOffset.UTC);
                    List<Memory> batch = new ArrayList<>();
                    for (JsonNode m : conv.get("session_" + n)) {
                        String id = sid + "/" + m.get("dia_id").asString();
                        batch.add(new Memory(
                                "u-" + sid,
                                id,
                                Memory.MESSAGE,
                                sid + "-s" + n,
                                "user",
                                m.get("speaker").asString(),
                                m.get("speaker").asString() + ": "
                                        + m.get("text").asString(),
                                at,
                                List.of(id)));
                        messages++;
                    }
                    List<WarmIndex.Embedded> embedded = new ArrayList<>();
                    for (Memory memory : segmenter.memories(batch)) {
                        embedded.add(new WarmIndex.Embedded(memory, embedder.embed(memory.text())));
                    }
                    index.upsert(embedded);
                    if (graph != null) {
                        long c0 = System.nanoTime();
                        List<ColdGraph.Said> said = new ArrayList<>();
                        for (Memory m : batch) {
                            Extraction x = extractor.extract(
                                    m.name(), m.text().substring(m.name().length() + 2));
                            facts += x.facts().size();
                            said.add(new ColdGraph.Said(m.id(), m.name(), m.timestamp(), x));
                        }
                        graph.write("u-" + sid + "-" + run, sid + "-s" + n, said);
                        coldNanos += System.nanoTime() - c0;
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            ColdSearch coldSearch = graph == null ? null : new ColdSearch(graph, extractor, coldProperties);
            WarmSearch search = new WarmSearch(index, embedder, fusion);
            for (Double coldWeight : variants) {
                double r5 = 0, r10 = 0;
                int total = 0;
                Map<Integer, double[]> per = new TreeMap<>();
                List<Double> lat = new ArrayList<>();
                for (JsonNode c : convs) {
                    String sid = c.get("sample_id").asString();
                    for (JsonNode q : c.get("qa")) {
                        int cat = q.path("category").asInt();
                        if (cat < 1 || cat > 4 || q.path("evidence").isEmpty()) {
                            continue;
                        }
                        long s0 = System.nanoTime();
                        List<WarmSearch.Hit> hits = search.search(
                                WarmQuery.of("u-" + sid), q.get("question").asString(), 10);
                        List<List<String>> ranked = new ArrayList<>();
                        hits.forEach(h -> ranked.add(h.memory().sources()));
                        if (coldWeight != null) {
                            List<List<String>> cold = new ArrayList<>();
                            coldSearch
                                    .search(
                                            "u-" + sid + "-" + run,
                                            q.get("question").asString(),
                                            10)
                                    .forEach(h -> cold.add(List.of(h.fact().source())));
                            List<List<String>> fused = new ArrayList<>();
                            if (coldWeight > 0) {
                                TierFusion.fuse(ranked, cold, coldWeight, 10, s -> s)
                                        .forEach(f -> fused.add(f.item()));
                            } else {
                                fused.addAll(cold); // weight 0: COLD alone
                            }
                            ranked.clear();
                            ranked.addAll(fused);
                        }
                        lat.add((System.nanoTime() - s0) / 1e6);
                        Set<String> top5 = new HashSet<>(), top10 = new HashSet<>();
                        for (int i = 0; i < ranked.size(); i++) {
                            if (i < 5) {
                                top5.addAll(ranked.get(i));
                            }
                            top10.addAll(ranked.get(i));
                        }
                        int ev = 0, h5 = 0, h10 = 0;
                        for (JsonNode e : q.get("evidence")) {
                            String id = sid + "/" + e.asString().trim();
                            ev++;
                            h5 += top5.contains(id) ? 1 : 0;
                            h10 += top10.contains(id) ? 1 : 0;
                        }
                        r5 += (double) h5 / ev;
                        r10 += (double) h10 / ev;
                        total++;
                        double[] p = per.computeIfAbsent(cat, k -> new double[3]);
                        p[0] += (double) h5 / ev;
                        p[1] += (double) h10 / ev;
                        p[2]++;
                    }
                }
                lat.sort(null);
                StringBuilder cats = new StringBuilder();
                per.forEach((k, v) ->
                        cats.append(String.format(" c%d=%.2f/%.2f(%d)", k, v[0] / v[2], v[1] / v[2], (int) v[2])));
                System.out.printf(
                        "%s | segment %d fusion %s: %d questions recall@5 %.3f @10 %.3f%s | ingest %d msgs in %.1f s (%.0f msg/s) | search p50 %.1f ms p95 %.1f ms%n",
                        coldWeight == null
                                ? "WARM alone"
                                : coldWeight == 0 ? "COLD alone" : "WARM + COLD weight " + coldWeight,
                        segment,
                        fusion,
                        total,
                        r5 / total,
                        r10 / total,
                        cats,
                        messages,
                        secs,
                        messages / secs,
                        lat.get(lat.size() / 2),
                        lat.get((int) (lat.size() * 0.95)));
            }
            if (graph != null) {
                System.out.printf(
                        "COLD ingest: %d facts from %d messages, extraction + graph write %.1f s (%.2f ms/msg)%n",
                        facts, messages, coldNanos / 1e9, coldNanos / 1e6 / messages);
                for (JsonNode c : convs) {
                    graph.deleteUser("u-" + c.get("sample_id").asString() + "-" + run);
                }
            }
        } finally {
            if (driver != null) {
                driver.close();
            }
        }
    }
}
