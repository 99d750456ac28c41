package dev.agentplatform.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TermsTest {

    @Test
    void inflectionsAndBritishSpellingsShareAStem() {
        assertThat(Terms.stem("summarise"))
                .isEqualTo(Terms.stem("summarize"))
                .isEqualTo(Terms.stem("summarizing"))
                .isEqualTo(Terms.stem("summarized"));
        assertThat(Terms.stem("analyse")).isEqualTo(Terms.stem("analyze")).isEqualTo(Terms.stem("analyzing"));
        assertThat(Terms.stem("visualisation")).isEqualTo(Terms.stem("visualize"));
        assertThat(Terms.stem("queries")).isEqualTo(Terms.stem("query"));
        assertThat(Terms.stem("tables")).isEqualTo(Terms.stem("table"));
        assertThat(Terms.stem("plotting")).isEqualTo(Terms.stem("plotted")).isEqualTo(Terms.stem("plot"));
        assertThat(Terms.stem("debugging")).isEqualTo(Terms.stem("debug"));
    }

    @Test
    void wordsThatOnlyLookPluralKeepTheirEnding() {
        assertThat(Terms.stem("news")).isNotEqualTo(Terms.stem("new"));
        assertThat(Terms.stem("class")).isEqualTo("class");
        assertThat(Terms.stem("calling")).isEqualTo("call");
    }

    @Test
    void splitsOnPunctuationKeepsLanguageNamesAndDropsStopWords() {
        assertThat(Terms.of("How do I write C++ and C# in the browser?"))
                .containsExactly(Terms.stem("write"), "c++", "c#", "browser");
        assertThat(Terms.of("TL;DR, please!")).containsExactly("tl", "dr");
    }
}
