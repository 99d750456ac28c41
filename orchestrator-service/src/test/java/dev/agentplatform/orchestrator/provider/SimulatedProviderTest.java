package dev.agentplatform.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ModelParameters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimulatedProviderTest {

    private static final String PROMPT = "Write a function that merges two sorted arrays";

    private final TokenCounter tokens = new TokenCounter();
    private final List<Duration> slept = new ArrayList<>();

    private SimulatedProvider provider(Simulation simulation, Long seed) {
        return new SimulatedProvider("simulated-1", tokens, agent -> simulation, seed, slept::add);
    }

    private static LlmRequest request(String agent, String prompt) {
        return request("task-1", agent, prompt);
    }

    private static LlmRequest request(String taskId, String agent, String prompt) {
        return new LlmRequest(
                taskId,
                agent,
                List.of(new ChatMessage("system", "You are " + agent + "."), new ChatMessage("user", prompt)));
    }

    @Test
    void answersTheSameAgentAndPromptWithTheSameText() {
        String first =
                provider(Simulation.IDEAL, null).chat(request("python", PROMPT)).content();
        String again = new SimulatedProvider("simulated-1", tokens, agent -> Simulation.IDEAL, null, slept::add)
                .chat(request("other-task", "python", PROMPT))
                .content();

        assertThat(again).isEqualTo(first);
    }

    @Test
    void answersDifferentlyForAnotherAgentOrPrompt() {
        SimulatedProvider provider = provider(Simulation.IDEAL, null);
        String python = provider.chat(request("python", PROMPT)).content();

        assertThat(provider.chat(request("rust", PROMPT)).content()).isNotEqualTo(python);
        assertThat(provider.chat(request("python", "Explain list comprehensions"))
                        .content())
                .isNotEqualTo(python);
    }

    @Test
    void marksEveryAnswerAsSimulatedByTheAgent() {
        SimulatedProvider provider = provider(Simulation.IDEAL, null);

        for (String agent : List.of("python", "web_search", "sql", "someone_new")) {
            LlmResponse response = provider.chat(request(agent, PROMPT));
            assertThat(response.content()).startsWith("[simulated " + agent + "] ");
            assertThat(response.simulated()).isTrue();
            assertThat(response.model()).isEqualTo("simulated-1");
        }
    }

    @Test
    void talksAboutThePromptInTheAgentsVoice() {
        String rust =
                provider(Simulation.IDEAL, null).chat(request("rust", PROMPT)).content();
        String sql = provider(Simulation.IDEAL, null)
                .chat(request("sql", "total revenue by region"))
                .content();

        assertThat(rust)
                .contains("\"Write a function that merges two sorted arrays\"")
                .contains("Rust");
        assertThat(sql).contains("\"total revenue by region\"").contains("SQL");
    }

    @Test
    void countsPromptAndCompletionTokensWithTheTokenizer() {
        LlmRequest request = request("python", PROMPT);

        LlmResponse response = provider(Simulation.IDEAL, null).chat(request);

        assertThat(response.usage().promptTokens())
                .isEqualTo(tokens.count("You are python.") + tokens.count(PROMPT))
                .isPositive();
        assertThat(response.usage().completionTokens()).isEqualTo(tokens.count(response.content()));
    }

    @Test
    void foldsToolOutputAndConversationIntoTheAnswerWithoutChangingItsWording() {
        String plain = provider(Simulation.IDEAL, null)
                .chat(request("analytics", PROMPT))
                .content();
        LlmRequest withTool = new LlmRequest(
                "task-1",
                "analytics",
                List.of(
                        new ChatMessage("system", "You are analytics."),
                        new ChatMessage("user", "earlier question"),
                        new ChatMessage("assistant", "earlier answer"),
                        new ChatMessage("tool", "calculator/get-sum: The sum of 2 and 3 is 5."),
                        new ChatMessage("user", PROMPT)));

        String content = provider(Simulation.IDEAL, null).chat(withTool).content();

        assertThat(content).contains("calculator/get-sum: The sum of 2 and 3 is 5.");
        assertThat(content).contains("2 earlier messages");
        String opener = plain.substring(0, plain.indexOf('.') + 1);
        assertThat(content).startsWith(opener);
    }

    @Test
    void waitsTheConfiguredLatency() {
        provider(new Simulation(Duration.ofMillis(250), 0.0), null).chat(request("python", PROMPT));

        assertThat(slept).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void alwaysFailsAtFailureRateOne() {
        SimulatedProvider provider = provider(new Simulation(Duration.ZERO, 1.0), null);

        assertThatThrownBy(() -> provider.chat(request("python", PROMPT)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorKind()).isEqualTo(ProviderException.PROVIDER_ERROR);
                    assertThat(e.retriable()).isTrue();
                });
    }

    @Test
    void neverFailsAtFailureRateZero() {
        SimulatedProvider provider = provider(Simulation.IDEAL, null);

        IntStream.range(0, 200).forEach(i -> provider.chat(request("task-" + i, "python", PROMPT)));
    }

    @Test
    void drawsTheSameFailuresForTheSameSeed() {
        Simulation flaky = new Simulation(Duration.ZERO, 0.5);

        List<Boolean> first = failures(provider(flaky, 42L));
        List<Boolean> second = failures(provider(flaky, 42L));
        List<Boolean> otherSeed = failures(provider(flaky, 7L));

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(first.stream().filter(failed -> failed).count()).isBetween(25L, 75L);
    }

    private static List<Boolean> failures(SimulatedProvider provider) {
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            try {
                provider.chat(request("task-" + i, "python", PROMPT));
                failed.add(false);
            } catch (ProviderException e) {
                failed.add(true);
            }
        }
        return failed;
    }

    @Test
    void quotesAtMostTwelveWordsOfThePrompt() {
        assertThat(SimulatedProvider.topic("one two three four five six seven eight nine ten eleven twelve thirteen"))
                .isEqualTo("\"one two three four five six seven eight nine ten eleven twelve …\"");
        assertThat(SimulatedProvider.topic("  What is tea?  ")).isEqualTo("\"What is tea\"");
        assertThat(SimulatedProvider.topic("   ")).isEqualTo("your request");
    }

    @Test
    void streamsTheSameAnswerInPiecesOfAFewWordsWithTheLatencySpreadOverThem() {
        String whole =
                provider(Simulation.IDEAL, null).chat(request("python", PROMPT)).content();
        List<String> pieces = new ArrayList<>();

        LlmResponse streamed = provider(new Simulation(Duration.ofMillis(300), 0.0), null).stream(
                request("python", PROMPT), pieces::add);

        assertThat(streamed.content()).isEqualTo(whole);
        assertThat(String.join("", pieces)).isEqualTo(whole);
        assertThat(pieces).hasSizeGreaterThan(3);
        assertThat(pieces.get(0).strip().split("\\s+")).hasSize(3);
        assertThat(slept).hasSize(pieces.size());
        assertThat(slept.stream().mapToLong(Duration::toNanos).sum())
                .isEqualTo(Duration.ofMillis(300).toNanos() / pieces.size() * pieces.size());
    }

    @Test
    void failsAStreamBeforeItsFirstPiece() {
        List<String> pieces = new ArrayList<>();

        assertThatThrownBy(() -> provider(new Simulation(Duration.ofMillis(100), 1.0), null).stream(
                        request("python", PROMPT), pieces::add))
                .isInstanceOf(ProviderException.class);

        assertThat(pieces).isEmpty();
        assertThat(slept).containsExactly(Duration.ofMillis(100));
    }

    private static LlmRequest withParameters(ModelParameters parameters) {
        return new LlmRequest(
                "task-1",
                "python",
                List.of(new ChatMessage("system", "You are python."), new ChatMessage("user", PROMPT)),
                List.of(),
                List.of(),
                parameters);
    }

    @Test
    void cutsTheAnswerAtMaxTokensAndSaysItEndedOnTheLimit() {
        LlmResponse response = provider(Simulation.IDEAL, null)
                .chat(withParameters(
                        new ModelParameters(null, null, 5, null, null, null, null, null, null, null, null)));

        assertThat(tokens.count(response.content())).isLessThanOrEqualTo(5).isPositive();
        assertThat(response.finishReason()).isEqualTo(LlmResponse.LENGTH);
        assertThat(response.usage().completionTokens()).isLessThanOrEqualTo(5);
    }

    @Test
    void endsTheAnswerBeforeTheFirstStopSequence() {
        String whole =
                provider(Simulation.IDEAL, null).chat(request("python", PROMPT)).content();
        String stop = whole.substring(20, 26);

        LlmResponse response = provider(Simulation.IDEAL, null)
                .chat(withParameters(new ModelParameters(
                        null, null, null, List.of(stop), null, null, null, null, null, null, null)));

        assertThat(response.content()).isEqualTo(whole.substring(0, whole.indexOf(stop)));
        assertThat(response.finishReason()).isEqualTo(LlmResponse.STOP);
    }

    @Test
    void answersWithAJsonObjectWhenTheClientAsksForOne() {
        LlmResponse response = provider(Simulation.IDEAL, null)
                .chat(withParameters(new ModelParameters(
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        new ModelParameters.ResponseFormat("json_object", null, null, null),
                        null,
                        null)));

        JsonNode answer = JsonMapper.builder().build().readTree(response.content());
        assertThat(answer.get("answer").asString()).startsWith("[simulated python]");
        assertThat(answer.get("simulated").asBoolean()).isTrue();
    }
}
