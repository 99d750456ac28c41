package dev.agentplatform.memory.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IngestRunsTest {

    @Test
    void cutsEntriesInOrderIntoRunsOfAtMostTheGivenMessages() {
        assertThat(IngestQueue.runs(List.of(3, 4, 2, 5, 1), Integer::intValue, 7))
                .containsExactly(List.of(3, 4), List.of(2, 5), List.of(1));
    }

    @Test
    void givesAnEntryLargerThanARunARunOfItsOwn() {
        assertThat(IngestQueue.runs(List.of(1, 10, 1), Integer::intValue, 4))
                .containsExactly(List.of(1), List.of(10), List.of(1));
    }

    @Test
    void keepsSmallEntriesTogether() {
        assertThat(IngestQueue.runs(List.of(1, 1, 1), Integer::intValue, 1024)).containsExactly(List.of(1, 1, 1));
        assertThat(IngestQueue.runs(List.<Integer>of(), Integer::intValue, 1024))
                .isEmpty();
    }
}
