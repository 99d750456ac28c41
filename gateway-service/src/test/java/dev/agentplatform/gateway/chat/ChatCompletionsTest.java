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

    private static final tools.jackson.databind.json.JsonMapper JSON = new tools.jackson.databind.json.JsonMapper();

    private static final String FOLLOW_UP = "{\"model\": \"auto\", \"messages\": ["
            + "{\"role\": \"user\", \"content\": \"Weather in Paris?\"},"
            + "{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"c1\", \"type\": \"function\","
            + " \"function\": {\"name\": \"w\", \"arguments\": \"{\\\"city\\\": \\\"Paris\\\"}\"}}]},"
            + "{\"role\": \"tool\", \"tool_call_id\": \"c1\", \"name\": \"w\", \"content\": \"18 C\"}]%s}";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"temperature\": 0.5",
                "\"top_p\": 0.5",
                "\"max_tokens\": 10",
                "\"max_completion_tokens\": 10",
                "\"stop\": \"\\n\"",
                "\"stop\": [\"\\n\", \"END\"]",
                "\"seed\": 1",
                "\"presence_penalty\": 0.5",
                "\"frequency_penalty\": 0.5",
                "\"user\": \"u1\"",
                "\"response_format\": {\"type\": \"json_object\"}",
                "\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"s\", \"schema\": {\"type\": \"object\"}}}",
                "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"w\"}}]",
                "\"tool_choice\": \"none\"",
                "\"parallel_tool_calls\": false",
                "\"stream\": true"
            })
    void everyParameterChangesTheExactCacheKey(String member) {
        byte[] plain = canonical(String.format(FOLLOW_UP, ""));
        byte[] with = canonical(String.format(FOLLOW_UP, ", " + member));

        assertThat(with).isNotEqualTo(plain);
    }

    @Test
    void theToolMembersOfMessagesChangeTheExactCacheKey() {
        String base = String.format(FOLLOW_UP, "");
        byte[] plain = canonical(base);

        assertThat(canonical(base.replace("\"tool_call_id\": \"c1\"", "\"tool_call_id\": \"c2\"")))
                .isNotEqualTo(plain);
        assertThat(canonical(base.replace("\"name\": \"w\", \"content\"", "\"name\": \"v\", \"content\"")))
                .isNotEqualTo(plain);
        assertThat(canonical(base.replace("Paris\\\"}", "Lyon\\\"}"))).isNotEqualTo(plain);
        assertThat(canonical(base.replace("\"id\": \"c1\"", "\"id\": \"c3\""))).isNotEqualTo(plain);
    }

    @Test
    void theSameParametersSpeltDifferentlyHaveOneKey() {
        byte[] one = canonical("{\"model\": \"auto\", \"temperature\": 0.9, \"stop\": \"END\","
                + " \"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"s\","
                + " \"schema\": {\"type\": \"object\", \"required\": [\"a\"]}}},"
                + " \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        byte[] other = canonical("{\"messages\": [{\"content\": \"hi\", \"role\": \"user\"}], \"stop\": [\"END\"],"
                + " \"response_format\": {\"json_schema\": {\"schema\": {\"required\": [\"a\"], \"type\": \"object\"},"
                + " \"name\": \"s\"}, \"type\": \"json_schema\"}, \"temperature\": 0.90, \"model\": \"auto\"}");

        assertThat(other).isEqualTo(one);
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        ChatCompletionRequest request = JSON.readValue(
                "{\"model\": \"auto\", \"max_tokens\": 100, \"max_completion_tokens\": 64,"
                        + " \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                ChatCompletionRequest.class);

        assertThat(ChatCompletions.toTask(request, "dev", null).parameters().maxTokens())
                .isEqualTo(64);
    }

    @Test
    void aConversationContinuingAfterToolCallsIsSentWholeWithTheLastUserMessageAsPrompt() {
        ChatCompletionRequest request = JSON.readValue(String.format(FOLLOW_UP, ""), ChatCompletionRequest.class);

        TaskRequest task = ChatCompletions.toTask(request, "dev", null);

        assertThat(task.prompt()).isEqualTo("Weather in Paris?");
        assertThat(task.messages())
                .containsExactly(
                        new ChatMessage("user", "Weather in Paris?"),
                        new ChatMessage(
                                "assistant",
                                "",
                                null,
                                List.of(new ChatMessage.ToolCall("c1", "w", "{\"city\": \"Paris\"}")),
                                null),
                        new ChatMessage("tool", "18 C", "w", null, "c1"));
    }

    @Test
    void aConversationEndingWithToolCallsIsSentWholeToo() {
        String json = String.format(FOLLOW_UP, "").replaceFirst(",\\{\"role\": \"tool\".*\\]\\}$", "]}");
        ChatCompletionRequest request = JSON.readValue(json, ChatCompletionRequest.class);

        TaskRequest task = ChatCompletions.toTask(request, "dev", null);

        assertThat(task.messages()).extracting(ChatMessage::role).containsExactly("user", "assistant");
    }

    @Test
    void toolCallsAreAnsweredWithoutContentAndChunkedOneACallWithItsIndex() {
        TaskResult calls = new TaskResult(
                "t-7",
                "-",
                "-",
                Strategy.SINGLE,
                "",
                "openai",
                "gpt-4o-mini",
                false,
                new TokenUsage(3, 4),
                BigDecimal.ZERO,
                1,
                List.of(),
                null,
                "tool_calls",
                List.of(new ChatMessage.ToolCall("c1", "w", "{}"), new ChatMessage.ToolCall("c2", "t", null)),
                null,
                null);

        ChatCompletion completion = ChatCompletions.toCompletion(calls, "gpt-4o-mini", 1L);
        List<Chunk> chunks = ChatCompletions.toChunks(calls, "gpt-4o-mini", 1L, 3, false);

        assertThat(completion.choices().get(0).finishReason()).isEqualTo("tool_calls");
        assertThat(completion.choices().get(0).message().content()).isNull();
        assertThat(completion.choices().get(0).message().toolCalls())
                .containsExactly(
                        new ChatCompletion.ToolCall(null, "c1", "function", new ChatCompletion.Function("w", "{}")),
                        new ChatCompletion.ToolCall(null, "c2", "function", new ChatCompletion.Function("t", "{}")));
        assertThat(chunks).hasSize(4);
        assertThat(chunks.get(1).choices().get(0).delta().toolCalls().get(0).index())
                .isZero();
        assertThat(chunks.get(2).choices().get(0).delta().toolCalls().get(0).index())
                .isEqualTo(1);
        assertThat(chunks.get(3).choices().get(0).finishReason()).isEqualTo("tool_calls");
    }

    private static byte[] canonical(String json) {
        return ChatCompletions.canonical(JSON.readValue(json, ChatCompletionRequest.class), null);
    }

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
