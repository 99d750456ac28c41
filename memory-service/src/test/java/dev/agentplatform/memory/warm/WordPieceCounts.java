package dev.agentplatform.memory.warm;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code src/main/resources/warm/word-piece-counts.txt}, the word-piece frequencies {@link
 * StaticTableDistiller} weighs the static embedding's pieces by: MiniLM's word pieces counted over
 * public prompts of {@code ../shared/data} (the {@code prompt} or {@code text} of every line of the
 * given JSON-lines files). None of LoCoMo's conversations, which the WARM tier is measured on. Not a
 * test; run it from memory-service when the counted files change:
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat /tmp/cp.txt)" dev.agentplatform.memory.warm.WordPieceCounts \
 *   src/main/resources/warm/word-piece-counts.txt ../../shared/data/routing/routing-train.jsonl ...
 * </pre>
 */
public final class WordPieceCounts {

    private WordPieceCounts() {}

    public static void main(String[] args) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        long[] counts;
        long texts = 0;
        long total = 0;
        List<String> sources = new ArrayList<>();
        byte[] tokenizerFile;
        try (InputStream file = StaticEmbedder.resource(StaticEmbedder.TOKENIZER)) {
            tokenizerFile = file.readAllBytes();
        }
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(
                new java.io.ByteArrayInputStream(tokenizerFile), Map.of("padding", "false"))) {
            counts = new long
                    [json.readTree(tokenizerFile).get("model").get("vocab").size()];
            for (int a = 1; a < args.length; a++) {
                Path source = Path.of(args[a]);
                sources.add(source.getParent().getFileName() + "/" + source.getFileName());
                for (String line : Files.readAllLines(source)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode row = json.readTree(line);
                    String text = row.has("prompt")
                            ? row.get("prompt").asString()
                            : row.get("text").asString();
                    for (long id : tokenizer.encode(text, false, false).getIds()) {
                        counts[(int) id]++;
                        total++;
                    }
                    texts++;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# MiniLM word pieces (id count) in ")
                .append(texts)
                .append(" public prompts of ../shared/data: ")
                .append(String.join(", ", sources))
                .append("; made by WordPieceCounts (memory-service test sources)\n");
        out.append("# vocabulary ").append(counts.length).append('\n');
        out.append("# total ").append(total).append('\n');
        for (int id = 0; id < counts.length; id++) {
            if (counts[id] > 0) {
                out.append(id).append(' ').append(counts[id]).append('\n');
            }
        }
        Files.writeString(Path.of(args[0]), out);
        System.out.printf(
                "%d texts, %d word pieces, %d distinct%n",
                texts, total, out.chars().filter(c -> c == '\n').count() - 3);
    }
}
