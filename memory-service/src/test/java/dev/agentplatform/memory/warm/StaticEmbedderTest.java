package dev.agentplatform.memory.warm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentplatform.support.embedding.MiniLmEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The static embedding of the table the build distils from MiniLM. */
class StaticEmbedderTest {

    static StaticEmbedder embedder;

    @BeforeAll
    static void open() {
        embedder = new StaticEmbedder();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void aTextIsAUnitVectorOfMiniLmsDimensionsAndTheSameEveryTime() {
        float[] v = embedder.embed("Caroline went to the LGBTQ support group yesterday.");

        assertThat(v).hasSize(MiniLmEmbedder.DIMENSIONS);
        assertThat(dot(v, v)).isCloseTo(1.0, within(1e-5));
        assertThat(embedder.embed("Caroline went to the LGBTQ support group yesterday."))
                .containsExactly(v);
    }

    @Test
    void textsOfOneMeaningAreNearerThanTextsThatShareNothing() {
        float[] dog = embedder.embed("Last week I adopted a puppy from the animal shelter.");
        float[] puppy = embedder.embed("We got a new dog a few days ago, a rescue.");
        float[] taxes = embedder.embed("The quarterly tax filing is due at the end of the month.");

        assertThat(dot(dog, puppy)).isGreaterThan(dot(dog, taxes) + 0.1);
        assertThat(dot(puppy, taxes)).isLessThan(dot(dog, puppy));
    }

    @Test
    void rareWordsWeighMoreThanCommonOnes() {
        float[] question = embedder.embed("what is the name of the pottery class?");
        float[] pottery = embedder.embed("I signed up for a pottery workshop downtown.");
        float[] common = embedder.embed("what is the name of the thing that is the one?");

        assertThat(dot(question, pottery)).isGreaterThan(dot(question, common));
    }

    @Test
    void aTextWithoutWordPiecesIsRefused() {
        assertThatThrownBy(() -> embedder.embed(" \n\t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theVectorSpaceIsNamedAfterTheTableItCameFrom() {
        assertThat(embedder.name()).matches("static-minilm-[0-9a-f]{12}");
    }
}
