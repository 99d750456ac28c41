package dev.agentplatform.memory.warm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link WarmIndexContract} against a Lucene index in a temporary directory, and its vector space. */
class LuceneWarmIndexTest extends WarmIndexContract {

    @TempDir
    Path dir;

    @Override
    WarmIndex open() {
        return new LuceneWarmIndex(dir);
    }

    @Override
    WarmIndex reopen() {
        return new LuceneWarmIndex(dir);
    }

    /** Embeds known texts onto axes; any other text fails the test. */
    record AxisEmbedder(String name, Map<String, Integer> axes) implements TextEmbedder {

        @Override
        public float[] embed(String text) {
            Integer axis = axes.get(text);
            if (axis == null) {
                throw new AssertionError("embedded unexpectedly: " + text);
            }
            return axis(axis);
        }
    }

    private List<String> nearestIds(int axis) {
        return index.nearest(WarmQuery.of("alice"), axis(axis), 2).stream()
                .map(Memory::id)
                .toList();
    }

    @Test
    void anIndexOfAnotherVectorSpaceIsEmbeddedAgainFromItsTextsWhenAdopted() {
        ((LuceneWarmIndex) index).adopt(new AxisEmbedder("a", Map.of()));
        index.upsert(
                List.of(message("alice", "m1", "first words", 1, 0), message("alice", "m2", "second words", 2, 1)));
        assertThat(nearestIds(0)).containsExactly("m1", "m2");
        index.close();

        index = reopen();
        ((LuceneWarmIndex) index).adopt(new AxisEmbedder("b", Map.of("first words", 1, "second words", 0)));

        assertThat(nearestIds(0)).containsExactly("m2", "m1");
        assertThat(index.get("alice", "m1")).get().extracting(Memory::text).isEqualTo("first words");
        assertThat(index.count("alice")).containsEntry(Memory.MESSAGE, 2L);
    }

    @Test
    void anIndexOfTheSameVectorSpaceIsLeftAsItIs() {
        ((LuceneWarmIndex) index).adopt(new AxisEmbedder("a", Map.of()));
        index.upsert(List.of(message("alice", "m1", "first words", 1, 0)));
        index.close();

        index = reopen();
        ((LuceneWarmIndex) index).adopt(new AxisEmbedder("a", Map.of()));

        assertThat(nearestIds(0)).containsExactly("m1");
    }

    @Test
    void anIndexMadeBeforeItNamedItsVectorSpaceIsEmbeddedAgain() {
        index.upsert(
                List.of(message("alice", "m1", "first words", 1, 0), message("alice", "m2", "second words", 2, 3)));
        index.close();

        index = reopen();
        ((LuceneWarmIndex) index).adopt(new AxisEmbedder("a", Map.of("first words", 3, "second words", 0)));

        assertThat(nearestIds(3)).containsExactly("m1", "m2");
    }
}
