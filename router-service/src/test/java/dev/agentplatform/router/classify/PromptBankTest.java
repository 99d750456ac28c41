package dev.agentplatform.router.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.router.registry.TestAgents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class PromptBankTest {

    /** A prior that cannot tell math from writing: every prompt gets even odds. */
    private final TeamPrior even =
            new TeamPrior("test", List.of("MATH", "WRITING"), new float[][] {{0, 0, 0}, {0, 0, 0}}, new float[] {0, 0});

    /** Public math prompts lie along x, writing prompts along y; z is what both agents declare. */
    private final PromptBank bank = PromptBank.of(
            "test",
            List.of("MATH", "WRITING"),
            new int[] {0, 0, 1, 1},
            List.of(unit(1, 0, 0.2f), unit(0.9f, 0.1f, 0.3f), unit(0, 1, 0.2f), unit(0.1f, 0.9f, 0.3f)));

    @Test
    void theShippedBankHoldsThePublicPromptsInThePriorsClasses() {
        PromptBank shipped = PromptBank.shipped();

        assertThat(shipped.classes()).isEqualTo(TeamPrior.shipped().classes());
        assertThat(shipped.dimensions()).isEqualTo(384);
        assertThat(shipped.size()).isEqualTo(1272);
        assertThat(shipped.model()).isEqualTo(TeamPrior.shipped().model());
    }

    @Test
    void aMissingBankIsNoneAndTheClassifierRoutesWithoutIt() {
        assertThat(PromptBank.load("/routing/no-such-bank.json")).isNull();

        EmbeddingIntentClassifier classifier =
                new EmbeddingIntentClassifier(embedder(), ClassifierProperties.defaults(), even, null);
        List<AgentDefinition> agents = agents();
        classifier.prepare(agents);
        var scores = classifier.classify("sum these numbers", agents).scores();

        assertThat(scores.get(0).score()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void eachClassScoresTheMeanCosineOfItsClosestPrompts() {
        float[] query = unit(1, 0, 0);

        double[] nearest = bank.similarities(query, 1);
        double[] both = bank.similarities(query, 2);
        double[] more = bank.similarities(query, 5);

        assertThat(nearest[0]).isCloseTo(unit(1, 0, 0.2f)[0], within(0.01));
        assertThat(nearest[0]).isGreaterThan(nearest[1]);
        assertThat(both[0]).isCloseTo((unit(1, 0, 0.2f)[0] + unit(0.9f, 0.1f, 0.3f)[0]) / 2, within(0.01));
        // fewer prompts than k: all of them
        assertThat(more).containsExactly(both, within(1e-12));
    }

    @Test
    void oneByteADimensionKeepsTheCosine() {
        float[] v = unit(0.31f, -0.07f, 0.002f, 0.5f, -0.44f);

        float[] restored = PromptBank.decode(PromptBank.encode(v));

        assertThat(Vectors.dot(v, restored)).isCloseTo(1.0, within(1e-3));
        assertThat(Vectors.dot(restored, restored)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void theBankTiltsAPromptNeitherTheDeclaredTextsNorThePriorCanTellApart() {
        List<AgentDefinition> agents = agents();
        EmbeddingIntentClassifier withBank =
                new EmbeddingIntentClassifier(embedder(), ClassifierProperties.defaults(), even, bank);
        withBank.prepare(agents);

        var scores = withBank.classify("sum these numbers", agents).scores();

        assertThat(scores.get(1).agent().name()).isEqualTo("calc");
        assertThat(scores.get(1).score()).isGreaterThan(scores.get(0).score());
    }

    @Test
    void anAgentOfAnUnknownTeamTakesTheNeighboursOfWhatItDeclares() {
        // the prior says x is math and y is writing; neither agent's team is among its classes
        TeamPrior prior = new TeamPrior(
                "test", List.of("MATH", "WRITING"), new float[][] {{4, -4, 0}, {-4, 4, 0}}, new float[] {0, 0});
        // the prompt is as close to what either agent declares, but public math prompts lie next to it
        PromptBank nearMath = PromptBank.of(
                "test", List.of("MATH", "WRITING"), new int[] {0, 1}, List.of(unit(0.2f, 0, 1), unit(0, 1, 0.2f)));
        TextEmbedder embedder =
                embedder(Map.of("numbers", unit(0.3f, 0, 1), "words", unit(0, 0.3f, 1), "add it up", unit(0, 0, 1)));
        List<AgentDefinition> agents = List.of(
                TestAgents.agent("poet", "verse", "words", List.of(), List.of(), 2, 1000),
                TestAgents.agent("calc", "sums", "numbers", List.of(), List.of(), 2, 1000));
        ClassifierProperties d = ClassifierProperties.defaults();
        ClassifierProperties bankOnly = new ClassifierProperties(
                d.prototypeWeight(),
                d.lexicalWeight(),
                d.temperature(),
                d.centered(),
                d.abstainBelow(),
                d.defaultAgent(),
                d.defaultTeam(),
                d.historyWeight(),
                d.historyLimit(),
                d.cacheSize(),
                d.embedThreads(),
                0,
                d.priorSmoothing(),
                1,
                1);
        EmbeddingIntentClassifier without = new EmbeddingIntentClassifier(embedder, bankOnly, prior, null);
        EmbeddingIntentClassifier with = new EmbeddingIntentClassifier(embedder, bankOnly, prior, nearMath);
        without.prepare(agents);
        with.prepare(agents);

        double calcWithout =
                without.classify("add it up", agents).scores().get(1).score();
        double calcWith = with.classify("add it up", agents).scores().get(1).score();

        assertThat(calcWithout).isCloseTo(0.5, within(1e-6));
        assertThat(calcWith).isGreaterThan(0.9);
    }

    @Test
    void aBankOverOtherClassesOrDimensionsIsRefused() {
        PromptBank otherClasses =
                PromptBank.of("test", List.of("CODE", "DATA"), new int[] {0, 1}, List.of(unit(1, 0, 0), unit(0, 1, 0)));
        PromptBank fourDimensions = PromptBank.of(
                "test", List.of("MATH", "WRITING"), new int[] {0, 1}, List.of(unit(1, 0, 0, 0), unit(0, 1, 0, 0)));

        assertThatThrownBy(() ->
                        new EmbeddingIntentClassifier(embedder(), ClassifierProperties.defaults(), even, otherClasses))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classes");
        assertThatThrownBy(() -> new EmbeddingIntentClassifier(
                        embedder(), ClassifierProperties.defaults(), even, fourDimensions))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 dimensions");
    }

    @Test
    void theTrainersFileReadsBackAsTheSameBank(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prompt-bank.json");

        TeamPriorTrainer.write(bank, file);
        PromptBank read = PromptBank.read(JsonMapper.builder().build().readTree(file.toFile()));

        assertThat(read.classes()).containsExactly("math", "writing");
        assertThat(read.size()).isEqualTo(4);
        float[] query = unit(0.4f, 0.6f, 0.1f);
        assertThat(read.similarities(query, 2)).containsExactly(bank.similarities(query, 2), within(1e-12));
    }

    @Test
    void theShippedBankWrittenAgainIsTheShippedFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prompt-bank.json");

        TeamPriorTrainer.write(PromptBank.shipped(), file);

        try (var shipped = PromptBank.class.getResourceAsStream(PromptBank.RESOURCE)) {
            assertThat(Files.readString(file)).isEqualTo(new String(shipped.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static List<AgentDefinition> agents() {
        return List.of(
                TestAgents.agent("writer", "writing", "shared", List.of(), List.of(), 2, 1000),
                TestAgents.agent("calc", "math", "shared", List.of(), List.of(), 2, 1000));
    }

    private static TextEmbedder embedder() {
        return embedder(Map.of("shared", unit(0, 0, 1), "sum these numbers", unit(0.6f, 0, 0.8f)));
    }

    private static TextEmbedder embedder(Map<String, float[]> vectors) {
        return new TextEmbedder() {
            @Override
            public float[] embed(String text) {
                return vectors.getOrDefault(text, unit(0, 0, 1));
            }

            @Override
            public int dimensions() {
                return 3;
            }
        };
    }

    private static float[] unit(float... v) {
        return Vectors.normalize(v.clone());
    }
}
