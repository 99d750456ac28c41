package dev.agentplatform.support.embedding;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CPU per embedding of {@link MiniLmEmbedder} against langchain4j's encoder it replaced, on the texts
 * memory-service embeds for LoCoMo: every turn ({@code speaker: text}) and every segment of three
 * turns of a session (joined by new lines). First checks that both give the same bits for every
 * text, then runs the two over all texts in turns ({@code rounds} times each, after one warm-up
 * round), timing each run's thread CPU. Not a test: see {@code bench/memory/README.md}.
 *
 * <p>Arguments: the LoCoMo JSON file, rounds (default 5).
 */
public final class MiniLmEmbedderBench {

    private MiniLmEmbedderBench() {}

    public static void main(String[] args) throws Exception {
        List<String> texts = texts(Path.of(args[0]));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (MiniLmEmbedder now = new MiniLmEmbedder();
                LangchainMiniLm before = new LangchainMiniLm()) {
            int differ = 0;
            for (String text : texts) {
                if (!Arrays.equals(now.embed(text), before.embed(text))) {
                    differ++;
                }
            }
            System.out.printf("%d texts, %d with different bits%n", texts.size(), differ);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            List<Function<String, float[]>> both = List.of(before::embed, now::embed);
            String[] names = {"langchain4j encoder", "MiniLmEmbedder"};
            long[][] cpu = new long[2][rounds];
            for (int round = -1; round < rounds; round++) {
                for (int which = 0; which < 2; which++) {
                    long start = threads.getCurrentThreadCpuTime();
                    for (String text : texts) {
                        both.get(which).apply(text);
                    }
                    if (round >= 0) {
                        cpu[which][round] = threads.getCurrentThreadCpuTime() - start;
                    }
                }
            }
            for (int which = 0; which < 2; which++) {
                long[] sorted = cpu[which].clone();
                Arrays.sort(sorted);
                System.out.printf(
                        "%-20s CPU per text: median %.3f ms, min %.3f ms, max %.3f ms%n",
                        names[which],
                        sorted[rounds / 2] / 1e6 / texts.size(),
                        sorted[0] / 1e6 / texts.size(),
                        sorted[rounds - 1] / 1e6 / texts.size());
            }
            for (int round = 0; round < rounds; round++) {
                System.out.printf(
                        "round %d: %.1f%% less CPU%n", round, 100.0 * (cpu[0][round] - cpu[1][round]) / cpu[0][round]);
            }
        }
    }

    private static List<String> texts(Path locomo) throws Exception {
        JsonNode conversations = JsonMapper.builder().build().readTree(Files.readString(locomo));
        List<String> texts = new ArrayList<>();
        for (JsonNode c : conversations) {
            JsonNode conversation = c.get("conversation");
            for (int n = 1; conversation.has("session_" + n); n++) {
                List<String> turns = new ArrayList<>();
                for (JsonNode m : conversation.get("session_" + n)) {
                    turns.add(m.get("speaker").asString() + ": " + m.get("text").asString());
                }
                texts.addAll(turns);
                for (int i = 0; i + 1 < turns.size(); i++) {
                    texts.add(String.join("\n", turns.subList(i, Math.min(turns.size(), i + 3))));
                }
            }
        }
        return texts;
    }
}
