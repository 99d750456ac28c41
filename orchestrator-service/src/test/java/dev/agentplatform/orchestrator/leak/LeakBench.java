package dev.agentplatform.orchestrator.leak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;

/**
 * How often the output leak check fires where it should not and where it should, on public text
 * (bench/orchestrator/README.md): the "act as" role prompts of ../shared/data/prompt-injection's
 * benign mix as system prompts, the other benign rows as answers (false alarms), and each prompt's
 * own sentences after its first as an answer that repeats most of it without the canary (echoes
 * caught). Not part of the build: {@code java -cp ... dev.agentplatform.orchestrator.leak.LeakBench [data dir]}.
 */
public final class LeakBench {

    private LeakBench() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/prompt-injection");
        JsonMapper json = JsonMapper.builder().build();
        List<String> roles = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("extra-benign-mix.jsonl"))) {
            String text = json.readTree(line).get("text").asString();
            (text.toLowerCase().startsWith("i want you to act") ? roles : answers).add(text);
        }
        Random random = new Random(7);
        int pairs = 0;
        int alarms = 0;
        int echoes = 0;
        int caught = 0;
        long nanos = 0;
        for (String role : roles) {
            LeakScreen screen = new LeakScreen("cnry-0123456789abcdef", List.of(role), 12);
            for (int i = 0; i < 200; i++) {
                String answer = answers.get(random.nextInt(answers.size()));
                long started = System.nanoTime();
                boolean alarm = screen.find(answer) != null;
                nanos += System.nanoTime() - started;
                pairs++;
                alarms += alarm ? 1 : 0;
            }
            int firstSentence = role.indexOf(". ");
            if (firstSentence > 0 && role.length() - firstSentence > 80) {
                echoes++;
                caught += screen.find("Here is what I was told: " + role.substring(firstSentence + 2)) != null ? 1 : 0;
            }
        }
        System.out.printf(
                "role prompts %d; benign answers %d; false alarms %d/%d (%.4f); mean check %.1f us%n",
                roles.size(), answers.size(), alarms, pairs, (double) alarms / pairs, nanos / 1000.0 / pairs);
        System.out.printf("echoes of a prompt without its first sentence caught: %d/%d%n", caught, echoes);
    }
}
