package dev.agentplatform.router.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The prompt embedder with the real all-MiniLM-L6-v2 model. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromptEmbedderTest {

    private final PromptEmbedder embedder =
            new PromptEmbedder(new MiniLmTextEmbedder(), 1, 16, new SimpleMeterRegistry());

    @AfterAll
    void close() {
        embedder.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u202e\u2066", "\u200b\u200e\ufeff", "\u2066\u2069\u202c"})
    void aPromptOfOnlyInvisibleCharactersIsA400Problem(String prompt) {
        assertThatThrownBy(() -> embedder.embed(prompt, null)).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(e.toProblem().getType()).isEqualTo(ProblemTypes.INVALID_REQUEST);
        });
    }

    @Test
    void aPromptWithTextIsEmbedded() {
        assertThat(embedder.embed("\u202eWrite a python function", null)).hasSize(384);
    }
}
