package dev.agentplatform.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.router.classify.IntentClassifier.AgentScore;
import dev.agentplatform.router.classify.IntentClassifier.Classification;
import dev.agentplatform.router.registry.AgentRegistry;
import dev.agentplatform.router.registry.ShippedCatalog;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeywordIntentClassifierTest {

    private final AgentRegistry registry = ShippedCatalog.registry();
    private final KeywordIntentClassifier classifier = new KeywordIntentClassifier();

    @ParameterizedTest(name = "{0} -> {1}/{2}")
    @CsvSource(delimiter = '|', textBlock = """
            Write a Python function that parses a CSV file with pandas        | code     | python
            Why does my React component re-render? Fix this TypeScript hook   | code     | javascript
            Explain the borrow checker error in my Rust code with lifetimes   | code     | rust
            What are the latest news about the Mars mission today?            | research | web_search
            Extract the tables from this PDF document                         | research | pdf_reader
            Summarise this long article in three bullet points                | research | summarizer
            Write a SQL query that joins orders and customers tables          | data     | sql
            Analyse the sales dataset and find the trend and the average growth | data   | analytics
            Plot a bar chart of monthly revenue on a dashboard                | data     | viz
            """)
    void picksTheRightTeamAndAgentForAClearPrompt(String prompt, String team, String agent) {
        AgentScore best = best(classifier.classify(prompt, registry.all()));

        assertThat(best.agent().team()).isEqualTo(team);
        assertThat(best.agent().name()).isEqualTo(agent);
        assertThat(best.score()).isPositive();
    }

    @Test
    void aClearPromptGetsMoreConfidenceThanAMixedOne() {
        double clear = classifier
                .classify("Write a python script with pytest tests", registry.all())
                .confidence();
        double mixed = classifier
                .classify("Write a python script that runs a SQL query and plots a chart", registry.all())
                .confidence();

        assertThat(clear).isGreaterThan(mixed).isLessThanOrEqualTo(1.0);
        assertThat(mixed).isPositive();
    }

    @Test
    void aPromptWithoutSignalScoresZeroEverywhereWithZeroConfidence() {
        Classification classification = classifier.classify("Hello there!", registry.all());

        assertThat(classification.scores()).extracting(AgentScore::score).containsOnly(0.0);
        assertThat(classification.confidence()).isZero();
    }

    @Test
    void repeatingAKeywordDoesNotAddToTheScore() {
        List<AgentDefinition> python = List.of(registry.find("python").orElseThrow());

        double once = classifier.classify("python", python).scores().get(0).score();
        double thrice = classifier
                .classify("python python python", python)
                .scores()
                .get(0)
                .score();

        assertThat(thrice).isEqualTo(once).isEqualTo(KeywordIntentClassifier.KEYWORD_WEIGHT);
    }

    @Test
    void scoresOnlyTheCandidatesItIsGivenInTheirOrder() {
        List<AgentDefinition> data = registry.team("data");

        Classification classification = classifier.classify("Write a python script", data);

        assertThat(classification.scores())
                .extracting(s -> s.agent().name())
                .containsExactly("sql", "analytics", "viz");
    }

    private static AgentScore best(Classification classification) {
        return classification.scores().stream()
                .max(Comparator.comparingDouble(AgentScore::score))
                .orElseThrow();
    }
}
