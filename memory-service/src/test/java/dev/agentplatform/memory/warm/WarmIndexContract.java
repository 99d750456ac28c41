package dev.agentplatform.memory.warm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.support.embedding.MiniLmEmbedder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WarmIndex} adapter promises, with hand-made vectors: each adapter's test
 * extends this and says how to open its store.
 */
abstract class WarmIndexContract {

    WarmIndex index;

    /** A new, empty store; {@link #reopen} must reach the same data. */
    abstract WarmIndex open();

    /** The same store again, after {@link WarmIndex#close()}. */
    abstract WarmIndex reopen();

    @BeforeEach
    void openIndex() {
        index = open();
    }

    @AfterEach
    void closeIndex() {
        index.close();
    }

    static float[] axis(int dimension) {
        float[] v = new float[MiniLmEmbedder.DIMENSIONS];
        v[dimension] = 1;
        return v;
    }

    static WarmIndex.Embedded message(String user, String id, String text, long second, int axis) {
        return new WarmIndex.Embedded(
                new Memory(
                        user, id, Memory.MESSAGE, "c1", "user", null, text, Instant.ofEpochSecond(second), List.of(id)),
                axis(axis));
    }

    @Test
    void writingAMemoryAgainReplacesIt() {
        index.upsert(List.of(message("alice", "m1", "first words", 1, 0)));
        index.upsert(List.of(message("alice", "m1", "second words", 2, 0)));

        assertThat(index.count("alice")).containsEntry(Memory.MESSAGE, 1L);
        assertThat(index.get("alice", "m1")).get().extracting(Memory::text).isEqualTo("second words");
    }

    @Test
    void aMemoryWithoutAVectorIsFoundByItsWordsAndLeftOutOfTheNearest() {
        index.upsert(List.of(
                new WarmIndex.Embedded(
                        message("alice", "m0", "zero width", 1, 0).memory(), null),
                message("alice", "m1", "first words", 2, 1),
                new WarmIndex.Embedded(
                        message("alice", "m2", "second zero", 3, 0).memory(), null),
                message("alice", "m3", "third words", 4, 3)));

        assertThat(index.nearest(WarmQuery.of("alice"), axis(3), 10))
                .extracting(Memory::id)
                .containsExactly("m3", "m1");
        assertThat(index.count("alice")).containsEntry(Memory.MESSAGE, 4L);
        assertThat(index.get("alice", "m2")).get().extracting(Memory::text).isEqualTo("second zero");
    }

    @Test
    void everyRankingSeesOnlyTheUsersOwnMemories() {
        index.upsert(List.of(
                message("alice", "a1", "the parade was loud", 1, 0),
                message("bob", "b1", "the parade was loud and long", 2, 1),
                message("bob", "b2", "parade parade parade", 3, 1)));

        WarmQuery alice = WarmQuery.of("alice");
        assertThat(index.nearest(alice, axis(1), 10)).extracting(Memory::id).containsExactly("a1");
        assertThat(index.matching(alice, "parade", 10)).extracting(Memory::id).containsExactly("a1");
        assertThat(index.recent(alice, 10)).extracting(Memory::id).containsExactly("a1");
        assertThat(index.get("bob", "a1")).isEmpty();
        assertThat(index.delete("bob", "a1")).isZero();
        assertThat(index.get("alice", "a1")).isPresent();
    }

    @Test
    void rankGivesTheThreeRankingsWithOneNumberPerMemory() {
        index.upsert(List.of(
                message("alice", "a1", "the parade was loud", 1, 0),
                message("alice", "a2", "we baked bread", 2, 1),
                message("alice", "a3", "a parade of bread", 3, 2),
                message("bob", "b1", "parade parade parade", 4, 0)));
        WarmQuery alice = WarmQuery.of("alice");

        try (WarmIndex.Rankings rankings = index.rank(alice, axis(0), "parade", 10, true)) {
            assertThat(memories(rankings, rankings.dense()))
                    .isEqualTo(index.nearest(alice, axis(0), 10).stream()
                            .map(Memory::id)
                            .toList());
            assertThat(memories(rankings, rankings.lexical()))
                    .isEqualTo(index.matching(alice, "parade", 10).stream()
                            .map(Memory::id)
                            .toList())
                    .containsExactlyInAnyOrder("a1", "a3");
            assertThat(memories(rankings, rankings.recent())).containsExactly("a3", "a2", "a1");
            assertThat(rankings.dense()).containsExactlyInAnyOrder(rankings.recent());
            assertThat(rankings.memory(rankings.recent()[0]).text()).isEqualTo("a parade of bread");
        }
        try (WarmIndex.Rankings rankings = index.rank(alice, axis(0), "the", 2, false)) {
            assertThat(rankings.dense()).hasSize(2);
            assertThat(rankings.lexical()).isEmpty();
            assertThat(rankings.recent()).isEmpty();
        }
    }

    private static List<String> memories(WarmIndex.Rankings rankings, int[] candidates) {
        return Arrays.stream(candidates).mapToObj(c -> rankings.memory(c).id()).toList();
    }

    @Test
    void nearestRanksTheUsersLiveMemoriesByClosenessAcrossWrites() {
        index.upsert(List.of(message("alice", "far", "far", 1, 2), message("alice", "near", "near", 2, 0)));
        float[] between = axis(0);
        between[1] = 1;
        index.upsert(List.of(
                new WarmIndex.Embedded(
                        new Memory(
                                "alice",
                                "mid",
                                Memory.MESSAGE,
                                "c1",
                                "user",
                                null,
                                "mid",
                                Instant.ofEpochSecond(3),
                                List.of("mid")),
                        MiniLmEmbedder.normalise(between)),
                message("alice", "gone", "gone", 4, 0)));
        index.delete("alice", "gone");

        assertThat(index.nearest(WarmQuery.of("alice"), axis(0), 10))
                .extracting(Memory::id)
                .containsExactly("near", "mid", "far");
        assertThat(index.nearest(WarmQuery.of("alice"), axis(0), 2))
                .extracting(Memory::id)
                .containsExactly("near", "mid");
    }

    @Test
    void filtersByConversationAndTime() {
        index.upsert(List.of(
                message("alice", "old", "hiking in May", 100, 0), message("alice", "new", "hiking in June", 200, 0)));

        assertThat(index.matching(new WarmQuery("alice", null, Instant.ofEpochSecond(150), null), "hiking", 10))
                .extracting(Memory::id)
                .containsExactly("new");
        assertThat(index.recent(new WarmQuery("alice", null, null, Instant.ofEpochSecond(150)), 10))
                .extracting(Memory::id)
                .containsExactly("old");
        assertThat(index.recent(new WarmQuery("alice", "other", null, null), 10))
                .isEmpty();
        assertThat(index.recent(WarmQuery.of("alice"), 10))
                .extracting(Memory::id)
                .containsExactly("new", "old");
    }

    @Test
    void deletingAMessageRemovesTheMemoriesMadeFromIt() {
        index.upsert(List.of(
                message("alice", "m1", "one", 1, 0),
                message("alice", "m2", "two", 2, 0),
                new WarmIndex.Embedded(
                        new Memory(
                                "alice",
                                "seg:m1",
                                Memory.SEGMENT,
                                "c1",
                                null,
                                null,
                                "one\ntwo",
                                Instant.ofEpochSecond(2),
                                List.of("m1", "m2")),
                        axis(0))));

        assertThat(index.delete("alice", "m2")).isEqualTo(2);

        assertThat(index.get("alice", "seg:m1")).isEmpty();
        assertThat(index.get("alice", "m1")).isPresent();
    }

    @Test
    void forgettingAUserLeavesNothingOfItAndKeepsTheOthers() {
        index.upsert(List.of(message("alice", "a1", "mine", 1, 0), message("bob", "b1", "his", 1, 0)));

        assertThat(index.deleteUser("alice")).isEqualTo(1);

        assertThat(index.count("alice").values()).containsOnly(0L);
        assertThat(index.nearest(WarmQuery.of("alice"), axis(0), 10)).isEmpty();
        assertThat(index.count("bob")).containsEntry(Memory.MESSAGE, 1L);
    }

    @Test
    void keepsWhatWasWrittenAcrossARestart() {
        index.upsert(List.of(message("alice", "m1", "still here", 1, 0)));
        index.close();

        index = reopen();

        assertThat(index.get("alice", "m1")).get().extracting(Memory::text).isEqualTo("still here");
        assertThat(index.nearest(WarmQuery.of("alice"), axis(0), 1))
                .extracting(Memory::id)
                .containsExactly("m1");
    }
}
