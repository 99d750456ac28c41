package dev.agentplatform.memory.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.memory.warm.Memory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmenterTest {

    static Memory message(String id, String conversation, long second) {
        return new Memory(
                "alice",
                id,
                Memory.MESSAGE,
                conversation,
                "user",
                null,
                "text " + id,
                Instant.ofEpochSecond(second),
                List.of(id));
    }

    @Test
    void eachMessageStartsASegmentOfItAndTheNextOnesOfTheSameConversation() {
        List<Memory> memories = new Segmenter(3)
                .memories(List.of(
                        message("m1", "c", 1), message("m2", "c", 2), message("m3", "c", 3), message("m4", "d", 4)));

        assertThat(memories).filteredOn(m -> m.kind().equals(Memory.MESSAGE)).hasSize(4);
        assertThat(memories)
                .filteredOn(m -> m.kind().equals(Memory.SEGMENT))
                .extracting(Memory::id, Memory::sources)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("seg:m1", List.of("m1", "m2", "m3")),
                        org.assertj.core.groups.Tuple.tuple("seg:m2", List.of("m2", "m3")));
        Memory first = memories.get(4);
        assertThat(first.text()).isEqualTo("text m1\ntext m2\ntext m3");
        assertThat(first.timestamp()).isEqualTo(Instant.ofEpochSecond(3));
    }

    @Test
    void sizeOneKeepsMessagesOnly() {
        assertThat(new Segmenter(1).memories(List.of(message("m1", "c", 1), message("m2", "c", 2))))
                .extracting(Memory::id)
                .containsExactly("m1", "m2");
    }
}
