package dev.agentplatform.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    private final TokenCounter tokens = new TokenCounter();

    @Test
    void countsCl100kTokens() {
        // cl100k_base: "hello" and " world" are one token each.
        assertThat(tokens.count("hello world")).isEqualTo(2);
        assertThat(tokens.count("hello world hello world")).isEqualTo(4);
    }

    @Test
    void countsNothingForEmptyText() {
        assertThat(tokens.count("")).isZero();
        assertThat(tokens.count((String) null)).isZero();
    }

    @Test
    void countsSpecialTokenMarkersInUserTextAsPlainTextInsteadOfFailing() {
        assertThat(tokens.count("<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void sumsTheContentsOfMessages() {
        List<ChatMessage> messages =
                List.of(new ChatMessage("system", "hello world"), new ChatMessage("user", "hello world hello world"));

        assertThat(tokens.count(messages)).isEqualTo(6);
    }
}
