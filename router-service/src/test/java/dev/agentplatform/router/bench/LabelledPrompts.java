package dev.agentplatform.router.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The labelled prompts of {@code bench/router} ({@code team<TAB>prompt}) and how a router scores on them. */
public final class LabelledPrompts {

    /** {@code bench/router} from the module directory (tests) or the project root (tools). */
    public static Path benchDir() {
        Path fromModule = Path.of("..", "bench", "router");
        return Files.isDirectory(fromModule) ? fromModule : Path.of("bench", "router");
    }

    public static List<Labelled> read(Path tsv) throws IOException {
        List<Labelled> rows = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (!line.isBlank()) {
                String[] parts = line.split("\t", 2);
                rows.add(new Labelled(parts[0].trim(), parts[1].trim()));
            }
        }
        return rows;
    }

    /**
     * A prompt and its team.
     *
     * @param team the expected team
     * @param prompt the prompt
     */
    public record Labelled(String team, String prompt) {}

    /** Accuracy, macro-F1 and per-team recall of {@code predicted} teams against {@code rows}. */
    public static Scores score(List<Labelled> rows, List<String> predicted) {
        Set<String> teams = new LinkedHashSet<>();
        rows.forEach(r -> teams.add(r.team()));
        Map<String, int[]> counts = new LinkedHashMap<>(); // tp, fp, fn
        teams.forEach(t -> counts.put(t, new int[3]));
        int correct = 0;
        for (int i = 0; i < rows.size(); i++) {
            String truth = rows.get(i).team();
            String guess = predicted.get(i);
            if (truth.equals(guess)) {
                correct++;
                counts.get(truth)[0]++;
            } else {
                counts.get(truth)[2]++;
                if (counts.containsKey(guess)) {
                    counts.get(guess)[1]++;
                }
            }
        }
        Map<String, Double> recall = new LinkedHashMap<>();
        double f1Sum = 0;
        for (var e : counts.entrySet()) {
            int[] c = e.getValue();
            double r = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
            double p = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
            recall.put(e.getKey(), r);
            f1Sum += p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
        return new Scores((double) correct / rows.size(), f1Sum / counts.size(), recall);
    }

    /**
     * How a router did.
     *
     * @param accuracy share of prompts routed to the right team
     * @param macroF1 F1 averaged over teams
     * @param recall per team, the share of its prompts routed to it
     */
    public record Scores(double accuracy, double macroF1, Map<String, Double> recall) {

        @Override
        public String toString() {
            StringBuilder s =
                    new StringBuilder(String.format("accuracy %.3f, macro-F1 %.3f, recall", accuracy, macroF1));
            recall.forEach((team, r) -> s.append(String.format(" %s %.2f", team, r)));
            return s.toString();
        }
    }
}
