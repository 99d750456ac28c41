package dev.agentplatform.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventStreamsTest {

    @Test
    void aStreamIsAskedForOnlyByNamingTheEventStreamType() {
        assertThat(EventStreams.asked("text/event-stream")).isTrue();
        assertThat(EventStreams.asked("text/event-stream;charset=UTF-8, application/problem+json"))
                .isTrue();
        assertThat(EventStreams.asked("application/json, text/event-stream")).isTrue();
    }

    @Test
    void wildcardsNoHeaderJsonRefusalsAndGarbageKeepTheWholeAnswer() {
        assertThat(EventStreams.asked(null)).isFalse();
        assertThat(EventStreams.asked(" ")).isFalse();
        assertThat(EventStreams.asked("*/*")).isFalse();
        assertThat(EventStreams.asked("text/*")).isFalse();
        assertThat(EventStreams.asked("application/json")).isFalse();
        assertThat(EventStreams.asked("text/event-stream;q=0")).isFalse();
        assertThat(EventStreams.asked("not a media type")).isFalse();
    }
}
