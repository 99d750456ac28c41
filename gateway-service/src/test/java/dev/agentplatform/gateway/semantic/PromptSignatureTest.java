package dev.agentplatform.gateway.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.gateway.semantic.internal.PromptSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromptSignatureTest {

    private static boolean agree(String a, String b) {
        return PromptSignature.of(a).agreesWith(PromptSignature.of(b));
    }

    @Test
    void readsNumbersNegationEntitiesAndUnits() {
        PromptSignature signature = PromptSignature.of("Why isn't Mount Everest 9,000 meters or three miles high?");

        assertThat(signature.numbers()).containsExactly("3", "9000");
        assertThat(signature.negated()).isTrue();
        assertThat(signature.entities()).containsExactlyInAnyOrder("mount", "everest");
        assertThat(signature.units()).containsExactlyInAnyOrder("m", "mi");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "What is the capital city of Australia and why was it chosen?|Which city is Australia's capital, and why was it chosen?",
                "How far is 10 km in miles?|How many miles are 10 kilometres?",
                "What is 1,000 plus 1?|What is 1000 plus 1?",
                "What is three times four?|What is 3 times 4?",
                "Who wrote Hamlet?|Who is the author of Hamlet?"
            })
    void agreesOnParaphrases(String cached, String query) {
        assertThat(agree(cached, query)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "What is 17 times 23?|What is 17 times 24?",
                "What is 2+2?|What is 2+3?",
                "Is coffee healthy?|Is coffee not healthy?",
                "Why do cats like water?|Why don't cats like water?",
                "What is the capital of Australia?|What is the capital of Austria?",
                "Convert 10 km to miles.|Convert 10 km to yards.",
                "Summarise the first chapter.|Summarise the second chapter."
            })
    void disagreesOnSwaps(String cached, String query) {
        assertThat(agree(cached, query)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "How do I reset my router?|How do I reset my router password?",
                "What is the best antivirus software?|What is the best free antivirus software?",
                "How do I get rid of acne?|How do I get rid of acne scars?"
            })
    void disagreesWhenOneQuestionIsNarrower(String cached, String query) {
        assertThat(agree(cached, query)).isFalse();
        assertThat(agree(query, cached)).isFalse();
    }

    @Test
    void tellsFramingFromContent() {
        PromptSignature how = PromptSignature.of("How do I learn French grammar?");
        PromptSignature best = PromptSignature.of("What is the best way to learn French grammar?");
        PromptSignature other = PromptSignature.of("How do I learn the guitar chords?");

        assertThat(how.contentAgainst(best)).isEqualTo(PromptSignature.Content.SAME);
        assertThat(how.contentAgainst(other)).isEqualTo(PromptSignature.Content.REWORDED);
    }
}
