package dev.agentplatform.memory.warm;

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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evidence recall of {@link WarmSearch} on the LoCoMo development conversations, in process (no
 * HTTP, no Redis): what bench/memory reports, for tuning. Not a test. Arguments: the JSON file, an
 * index directory, the segment size, then the fusion weights dense, lexical, recency.
 */
public final class LocomoRecall {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("h:mm a 'on' d MMMM, yyyy", Locale.ENGLISH);

    public static void main(String[] args) throws Exception {
        JsonNode convs = JsonMapper.builder().build().readTree(Files.readString(Path.of(args[0])));
        int segment = Integer.parseInt(args[2]);
        var fusion = new WarmProperties.Fusion(
                60, 50, Double.parseDouble(args[3]), Double.parseDouble(args[4]), Double.parseDouble(args[5]));
        try (MiniLmEmbedder embedder = new MiniLmEmbedder();
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
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            WarmSearch search = new WarmSearch(index, embedder, fusion);
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
                    lat.add((System.nanoTime() - s0) / 1e6);
                    Set<String> top5 = new HashSet<>(), top10 = new HashSet<>();
                    for (int i = 0; i < hits.size(); i++) {
                        if (i < 5) {
                            top5.addAll(hits.get(i).memory().sources());
                        }
                        top10.addAll(hits.get(i).memory().sources());
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
                    "segment %d fusion %s: %d questions recall@5 %.3f @10 %.3f%s | ingest %d msgs in %.1f s (%.0f msg/s) | search p50 %.1f ms p95 %.1f ms%n",
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
    }
}
