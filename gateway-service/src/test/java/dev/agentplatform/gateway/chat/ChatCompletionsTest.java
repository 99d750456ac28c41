package dev.agentplatform.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.Strategy;
import dev.agentplatform.common.TaskRequest;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.common.TokenUsage;
import dev.agentplatform.gateway.chat.ChatCompletion.Chunk;
import dev.agentplatform.gateway.chat.ChatCompletionRequest.Message;
import dev.agentplatform.support.PlatformException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatCompletionsTest {

    private static final TaskResult RESULT = new TaskResult(
            "t-9",
            "python",
            "code",
            Strategy.SINGLE,
            "def add(a, b):\n    return a + b  # done",
            "simulated",
            "simulated-cheap",
            true,
            new TokenUsage(7, 11),
            new BigDecimal("0.00002"),
            5,
            List.of(),
            null);

    @Test
    void theLastUserMessageIsThePromptAndTheRestIsContextInOrder() {
        ChatCompletionRequest request = request(List.of(
                new Message("system", "Be brief.", null),
                new Message("user", "first", null),
                new Message("assistant", "answer", null),
                new Message("user", "second", null),
                new Message("assistant", "prefill", null)));

        TaskRequest task = ChatCompletions.toTask(request, "dev", "conv-1");

        assertThat(task.prompt()).isEqualTo("second");
        assertThat(task.userId()).isEqualTo("dev");
        assertThat(task.conversationId()).isEqualTo("conv-1");
        assertThat(task.model()).isEqualTo("auto");
        assertThat(task.messages())
                .containsExactly(
                        new ChatMessage("system", "Be brief."),
                        new ChatMessage("user", "first"),
                        new ChatMessage("assistant", "answer"),
                        new ChatMessage("assistant", "prefill"));
    }

    @Test
    void aSingleUserMessageCarriesNoContext() {
        TaskRequest task = ChatCompletions.toTask(request(List.of(new Message("user", "hi", null))), "dev", null);

        assertThat(task.prompt()).isEqualTo("hi");
        assertThat(task.messages()).isNull();
        assertThat(task.conversationId()).isNull();
    }

    @Test
    void withoutAUserMessageWithTextThereIsNoPrompt() {
        assertThatThrownBy(() ->
                        ChatCompletions.toTask(request(List.of(new Message("system", "rules", null))), "dev", null))
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("user message");
        assertThatThrownBy(
                        () -> ChatCompletions.toTask(request(List.of(new Message("user", " \n", null))), "dev", null))
                .isInstanceOf(PlatformException.class);
    }

    @Test
    void theCompletionHasTheOpenAiShape() {
        ChatCompletion completion = ChatCompletions.toCompletion(RESULT, "auto", 1_700_000_000L);

        assertThat(completion.id()).isEqualTo("chatcmpl-t-9");
        assertThat(completion.object()).isEqualTo("chat.completion");
        assertThat(completion.created()).isEqualTo(1_700_000_000L);
        assertThat(completion.model()).isEqualTo("simulated-cheap");
        assertThat(completion.choices()).singleElement().satisfies(choice -> {
            assertThat(choice.index()).isZero();
            assertThat(choice.message().role()).isEqualTo("assistant");
            assertThat(choice.message().content()).isEqualTo(RESULT.content());
            assertThat(choice.finishReason()).isEqualTo("stop");
        });
        assertThat(completion.usage()).isEqualTo(new ChatCompletion.Usage(7, 11, 18));
    }

    @Test
    void withoutAModelFromTheRouterTheRequestedOneIsReported() {
        TaskResult noModel = new TaskResult(
                "t", "python", "code", Strategy.SINGLE, "x", null, null, true, null, null, 0, null, null);

        ChatCompletion completion = ChatCompletions.toCompletion(noModel, "python", 1);

        assertThat(completion.model()).isEqualTo("python");
        assertThat(completion.usage().totalTokens()).isZero();
    }

    @Test
    void chunksCarryTheRoleThenTheContentThenTheFinishReason() {
        List<Chunk> chunks = ChatCompletions.toChunks(RESULT, "auto", 1, 3, false);

        assertThat(chunks.get(0).choices().get(0).delta().role()).isEqualTo("assistant");
        Chunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices().get(0).finishReason()).isEqualTo("stop");
        assertThat(last.choices().get(0).delta().content()).isNull();
        StringBuilder content = new StringBuilder();
        chunks.subList(1, chunks.size() - 1).forEach(chunk -> {
            assertThat(chunk.choices().get(0).finishReason()).isNull();
            content.append(chunk.choices().get(0).delta().content());
        });
        assertThat(content).hasToString(RESULT.content());
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.usage()).isNull());
    }

    @Test
    void aUsageChunkComesLastWhenAskedFor() {
        List<Chunk> chunks = ChatCompletions.toChunks(RESULT, "auto", 1, 3, true);

        Chunk usage = chunks.get(chunks.size() - 1);
        assertThat(usage.choices()).isEmpty();
        assertThat(usage.usage()).isEqualTo(new ChatCompletion.Usage(7, 11, 18));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "one", "one two three four", "  lead and trail  ", "a\n\nb\tc  d e f g"})
    void piecesJoinBackIntoTheTextExactly(String text) {
        List<String> pieces = ChatCompletions.pieces(text, 3);

        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces)
                .allSatisfy(
                        piece -> assertThat(piece.trim().split("\\s+").length).isLessThanOrEqualTo(3));
    }

    @Test
    void piecesHoldAFewWordsEach() {
        assertThat(ChatCompletions.pieces("one two three four five", 2))
                .containsExactly("one two", " three four", " five");
    }

    private static ChatCompletionRequest request(List<Message> messages) {
        return ChatCompletionRequest.of("auto", messages);
    }
}
