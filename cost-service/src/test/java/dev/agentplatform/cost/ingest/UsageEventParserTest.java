package dev.agentplatform.cost.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.common.UsageRecorded;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class UsageEventParserTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private final UsageEventParser parser =
            new UsageEventParser(JsonMapper.builder().build(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void readsACompleteEvent() throws Exception {
        UsageRecorded event = parser.parse(Map.of("eventId", "e1", "payload", """
                {"eventId":"e1","requestId":"r1","taskId":"t1","userId":"alice","agent":"python",
                 "provider":"simulated","model":"sim-1","promptTokens":12,"completionTokens":34,
                 "costUsd":0.00123456,"occurredAt":"2026-11-27T09:59:58.123Z"}
                """));

        assertThat(event.eventId()).isEqualTo("e1");
        assertThat(event.userId()).isEqualTo("alice");
        assertThat(event.agent()).isEqualTo("python");
        assertThat(event.promptTokens()).isEqualTo(12);
        assertThat(event.completionTokens()).isEqualTo(34);
        assertThat(event.costUsd()).isEqualByComparingTo("0.00123456");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-27T09:59:58.123Z"));
    }

    @Test
    void takesTheEntryEventIdWhenThePayloadHasNoneAndStampsAMissingTime() throws Exception {
        UsageRecorded event =
                parser.parse(Map.of("eventId", "from-field", "payload", "{\"userId\":\"alice\",\"costUsd\":\"0.5\"}"));

        assertThat(event.eventId()).isEqualTo("from-field");
        assertThat(event.costUsd()).isEqualByComparingTo(new BigDecimal("0.5"));
        assertThat(event.occurredAt()).isEqualTo(NOW);
        assertThat(event.promptTokens()).isZero();
    }

    @Test
    void ignoresFieldsANewerProducerAdds() throws Exception {
        UsageRecorded event = parser.parse(
                Map.of("payload", "{\"eventId\":\"e1\",\"userId\":\"alice\",\"costUsd\":0.1,\"currency\":\"USD\"}"));

        assertThat(event.eventId()).isEqualTo("e1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "null",
                "[1,2]",
                "{\"eventId\":\"e\",\"userId\":\"alice\",\"costUsd\":\"lots\"}",
                "{\"eventId\":\"e\",\"userId\":\"alice\",\"costUsd\":0.1,\"promptTokens\":\"many\"}",
                "{\"eventId\":\"e\",\"userId\":\"alice\",\"costUsd\":0.1,\"occurredAt\":\"yesterday\"}"
            })
    void rejectsPayloadsThatAreNotUsageEvents(String payload) {
        assertThatThrownBy(() -> parser.parse(Map.of("payload", payload))).isInstanceOf(InvalidUsageEvent.class);
    }

    @Test
    void rejectsAnEntryWithoutPayload() {
        assertThatThrownBy(() -> parser.parse(Map.of("eventId", "e1")))
                .isInstanceOf(InvalidUsageEvent.class)
                .hasMessageContaining("payload");
    }

    @Test
    void rejectsEventsThatCannotBeBooked() {
        assertThatThrownBy(() -> parser.parse(Map.of("payload", "{\"userId\":\"alice\",\"costUsd\":0.1}")))
                .hasMessageContaining("eventId");
        assertThatThrownBy(() -> parser.parse(Map.of("payload", "{\"eventId\":\"e\",\"costUsd\":0.1}")))
                .hasMessageContaining("userId");
        assertThatThrownBy(() -> parser.parse(Map.of("payload", "{\"eventId\":\"e\",\"userId\":\"alice\"}")))
                .hasMessageContaining("costUsd");
        assertThatThrownBy(() ->
                        parser.parse(Map.of("payload", "{\"eventId\":\"e\",\"userId\":\"alice\",\"costUsd\":-0.01}")))
                .hasMessageContaining("costUsd");
        assertThatThrownBy(() -> parser.parse(Map.of(
                        "payload", "{\"eventId\":\"e\",\"userId\":\"alice\",\"costUsd\":0,\"promptTokens\":-1}")))
                .hasMessageContaining("token");
        assertThatThrownBy(() -> parser.parse(Map.of(
                        "payload", "{\"eventId\":\"" + "e".repeat(201) + "\",\"userId\":\"alice\",\"costUsd\":0}")))
                .hasMessageContaining("eventId");
    }
}
