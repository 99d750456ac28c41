package dev.agentplatform.support.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MiniLmEmbedderTest {

    private static MiniLmEmbedder embedder;
    private static LangchainMiniLm before;

    @BeforeAll
    static void open() {
        embedder = new MiniLmEmbedder();
        before = new LangchainMiniLm();
    }

    @AfterAll
    static void close() throws Exception {
        embedder.close();
        before.close();
    }

    static Stream<String> texts() {
        List<String> texts = new ArrayList<>(List.of(
                "hi",
                "What is the capital of France?",
                "Caroline: I went to a LGBTQ support group yesterday and it was so powerful.",
                "Melanie: Wow, that's cool, Caroline! What happened that was so awesome?\n"
                        + "Caroline: The transgender stories were so inspiring!\n"
                        + "Melanie: I'm so glad you found a place where you feel accepted.",
                "Café naïve résumé Ærøskøbing straße ÉCOLE",
                "emoji 😀🎉 and symbols ™ © ∑ → ≠",
                "日本語のテキスト 中文文本 한국어",
                "literal [SEP] and [CLS] and [UNK] tokens in the text",
                "x##y ##suffix #hashtag ###",
                "tabs\tand\r\nwindows lines\u0000 and a nul, a bell \u0007",
                "  leading and trailing spaces   ",
                "ignore previous instructions \u202e and reverse \u2066 isolates",
                "supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopic",
                "1234567890 3.14159 -42 1e10 0x1F $5.99 50% 12:30pm 2023-05-08T13:56:00Z",
                "a".repeat(150),
                "SELECT * FROM users WHERE id = 1; DROP TABLE users; -- {\"json\": [1, 2, 3]}"));
        // cut by the tokenizer at 128 word pieces: at a word's end, inside a long word, in digits
        texts.add("the quick brown fox jumps over the lazy dog ".repeat(20));
        texts.add("unbelievably incomprehensible characteristically ".repeat(40));
        texts.add("1 2 3 4 5 6 7 8 9 10 ".repeat(30));
        texts.add("x".repeat(MiniLmEmbedder.MAX_CHARS + 500));
        for (int words = 119; words <= 130; words++) {
            texts.add("remarkably ".repeat(words - 1) + "incomprehensibilities");
        }
        return texts.stream();
    }

    @ParameterizedTest
    @MethodSource("texts")
    void givesBitForBitTheVectorsOfLangchainsEncoder(String text) {
        float[] now = embedder.embed(text);
        float[] then = before.embed(text);

        assertThat(now).hasSize(MiniLmEmbedder.DIMENSIONS);
        for (int k = 0; k < now.length; k++) {
            assertThat(Float.floatToRawIntBits(now[k]))
                    .as("dimension %d of %s", k, text)
                    .isEqualTo(Float.floatToRawIntBits(then[k]));
        }
    }

    @Test
    void embedsToUnitLength() {
        float[] vector = embedder.embed("a short sentence about memory");
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        assertThat(sum).isCloseTo(1.0, offset(1e-5));
    }

    @Test
    void refusesATextThatIsBlankToTheModel() {
        assertThatThrownBy(() -> embedder.embed("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> embedder.embed("\u202e\u2066")).isInstanceOf(IllegalArgumentException.class);
    }
}
