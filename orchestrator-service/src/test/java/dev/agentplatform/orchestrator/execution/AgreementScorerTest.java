package dev.agentplatform.orchestrator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementScorerTest {

    private final AgreementScorer scorer = new AgreementScorer();

    @Test
    void prefersTheAnswerTheOthersAgreeWith() {
        List<Double> scores = scorer.score(
                "How do I merge two sorted arrays?",
                List.of(
                        "Walk both sorted arrays with two indexes and append the smaller element each step.",
                        "Use two indexes over both sorted arrays, append the smaller element, then the rest.",
                        "Bananas are yellow and rich in potassium, which keeps muscles working well."));

        assertThat(scores.get(0)).isGreaterThan(scores.get(2));
        assertThat(scores.get(1)).isGreaterThan(scores.get(2));
    }

    @Test
    void givesZeroToEmptyErrorAndRefusalAnswers() {
        List<Double> scores = scorer.score(
                "hello",
                List.of(
                        "",
                        "Error: upstream model failed to respond",
                        "I'm sorry, I cannot help with that request.",
                        "Hello! Here is a friendly and complete answer to your greeting."));

        assertThat(scores.subList(0, 3)).containsOnly(0.0);
        assertThat(scores.get(3)).isPositive();
    }

    @Test
    void judgesALoneAnswerByQualityAlone() {
        assertThat(scorer.score("hello", List.of("A perfectly reasonable answer of some length.")))
                .containsExactly(1.0);
    }

    @Test
    void looksPastTheSimulatedMarkerForFailureWords() {
        assertThat(AnswerQuality.passes("q", "[simulated python] Here is how I would approach it in Python."))
                .isTrue();
        assertThat(AnswerQuality.passes("q", "[simulated python] Error: nothing to say"))
                .isFalse();
    }
}
