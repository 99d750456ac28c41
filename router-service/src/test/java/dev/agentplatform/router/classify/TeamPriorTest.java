package dev.agentplatform.router.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.router.registry.TestAgents;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeamPriorTest {

    /** Two classes over three dimensions: x means math, y means writing, z says nothing. */
    private final TeamPrior prior = new TeamPrior(
            "test", List.of("MATH", "WRITING"), new float[][] {{4, -4, 0}, {-4, 4, 0}}, new float[] {0, 0});

    @Test
    void theShippedPriorCoversTheSixPublicTeamsOverMiniLm() {
        TeamPrior shipped = TeamPrior.shipped();

        assertThat(shipped.classes()).containsExactly("code", "data", "general", "math", "research", "writing");
        assertThat(shipped.dimensions()).isEqualTo(384);
        float[] unit = new float[384];
        unit[0] = 1;
        assertThat(Arrays.stream(shipped.probabilities(unit)).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void anAgentOfATrainedTeamStandsForThatTeam() {
        AgentDefinition agent = agent("calc", "Math");

        assertThat(prior.affinity(agent, List.of(new float[] {0, 1, 0}))).containsExactly(1.0, 0.0);
    }

    @Test
    void anAgentOfAnUnknownTeamStandsForWhatItDeclares() {
        double[] affinity =
                prior.affinity(agent("poet", "verse"), List.of(new float[] {0, 1, 0}, new float[] {0, 0, 1}));

        assertThat(affinity[1]).isGreaterThan(affinity[0]);
        assertThat(affinity[0] + affinity[1]).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void thePriorTiltsAPromptTheDeclaredTextsCannotTellApart() {
        // both agents declare the same text, so only the prior can separate them
        Map<String, float[]> vectors =
                Map.of("shared", new float[] {0, 0, 1}, "sum these numbers", new float[] {0.6f, 0, 0.8f});
        TextEmbedder embedder = new TextEmbedder() {
            @Override
            public float[] embed(String text) {
                return vectors.getOrDefault(text, new float[] {0, 0, 1});
            }

            @Override
            public int dimensions() {
                return 3;
            }
        };
        List<AgentDefinition> agents = List.of(agent("writer", "writing"), agent("calc", "math"));
        EmbeddingIntentClassifier withPrior =
                new EmbeddingIntentClassifier(embedder, ClassifierProperties.defaults(), prior);
        withPrior.prepare(agents);

        var scores = withPrior.classify("sum these numbers", agents).scores();

        assertThat(scores.get(1).score()).isGreaterThan(scores.get(0).score());
        // smoothed: the other agent keeps a real chance
        assertThat(scores.get(0).score()).isGreaterThan(0.01);
    }

    @Test
    void aPriorOverAnotherEmbeddingSizeIsRefused() {
        TextEmbedder fourDimensions = new TextEmbedder() {
            @Override
            public float[] embed(String text) {
                return new float[4];
            }

            @Override
            public int dimensions() {
                return 4;
            }
        };

        assertThatThrownBy(() -> new EmbeddingIntentClassifier(fourDimensions, ClassifierProperties.defaults(), prior))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 dimensions");
    }

    private static AgentDefinition agent(String name, String team) {
        return TestAgents.agent(name, team, "shared", List.of(), List.of(), 2, 1000);
    }
}
