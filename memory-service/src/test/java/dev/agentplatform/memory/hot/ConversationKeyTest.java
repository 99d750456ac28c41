package dev.agentplatform.memory.hot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.support.PlatformException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

class ConversationKeyTest {

    @Test
    void keyFollowsTheDocumentedLayout() {
        assertThat(ConversationKey.of("alice", "conv-1").redisKey()).isEqualTo("memory:hot:alice:conv-1");
    }

    @Test
    void idsWithColonsNeverShareAList() {
        ConversationKey first = ConversationKey.of("a:b", "c");
        ConversationKey second = ConversationKey.of("a", "b:c");

        assertThat(first.redisKey()).isNotEqualTo(second.redisKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@example.com", "A.b_c-d:e", "x"})
    void acceptsIdsOfTheAllowedAlphabet(String id) {
        assertThat(ConversationKey.of(id, id).userId()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/inside", "percent%3A", "star*", "ünïcode"})
    void rejectsOtherIdsWithABadRequestNamingTheSegment(String id) {
        assertThatThrownBy(() -> ConversationKey.of("alice", id))
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("conversationId")
                .satisfies(e -> assertThat(((PlatformException) e).status()).isEqualTo(HttpStatus.BAD_REQUEST));
    }

    @Test
    void rejectsIdsLongerThan200Characters() {
        assertThat(ConversationKey.of("u".repeat(200), "c").userId()).hasSize(200);
        assertThatThrownBy(() -> ConversationKey.of("u".repeat(201), "c")).hasMessageContaining("userId");
    }
}
