package dev.agentplatform.orchestrator.execution;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ProviderCatalogView;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.orchestrator.Executions;
import dev.agentplatform.orchestrator.Neighbours;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a client asks of the model reaches the provider's wire as it asked: sampling and length
 * parameters, stop sequences, seed, the response format, its own tools (whose calls come back to it)
 * and the tool results it continues with; a catalog model addressed directly answers without an
 * agent. The provider is a real HTTP server speaking OpenAI's wire format (WireMock).
 */
@TestGptApiTest
class ClientParametersApiTest {

    private static final Neighbours neighbours = new Neighbours("{\"name\":\"writer\",\"team\":\"docs\","
            + "\"description\":\"Writes.\",\"systemPrompt\":\"You write crisp prose.\",\"tier\":\"cheap\"}");
    private static final WireMockServer llm =
            new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    private static final String OPENAI = "/v1/chat/completions";

    @DynamicPropertySource
    static void neighbours(DynamicPropertyRegistry registry) {
        neighbours.register(registry);
        llm.start();
        registry.add("platform.orchestrator.providers.test-gpt.base-url", () -> llm.baseUrl() + "/v1");
    }

    @AfterAll
    static void stopServers() {
        neighbours.stop();
        llm.stop();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    JsonMapper json;

    RestTestClient http;

    @BeforeEach
    void setUp() {
        neighbours.reset();
        llm.resetAll();
        llm.stubFor(post(urlPathEqualTo(OPENAI)).willReturn(okJson(text("Crisp prose, as asked."))));
        http = Executions.client(port);
    }

    @Test
    void sendsTheClientsParametersAndTheAgentsSystemPromptToTheProvider() {
        TaskResult result = execute(
                "p-1",
                "{\"prompt\":\"Name three primes\",\"parameters\":{\"temperature\":0.37,\"topP\":0.91,"
                        + "\"maxTokens\":33,\"stop\":[\"QQQ\"],\"seed\":7,\"presencePenalty\":0.5,"
                        + "\"frequencyPenalty\":-0.5,\"user\":\"end-user-1\",\"responseFormat\":{\"type\":\"json_object\"}}}",
                decision("writer", null));

        JsonNode body = lastBody();
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.37);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.91);
        JsonNode maxTokens =
                body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        assertThat(maxTokens.asInt()).isEqualTo(33);
        assertThat(body.get("stop").get(0).asString()).isEqualTo("QQQ");
        assertThat(body.get("seed").asInt()).isEqualTo(7);
        assertThat(body.get("presence_penalty").asDouble()).isEqualTo(0.5);
        assertThat(body.get("frequency_penalty").asDouble()).isEqualTo(-0.5);
        assertThat(body.get("user").asString()).isEqualTo("end-user-1");
        assertThat(body.get("response_format").get("type").asString()).isEqualTo("json_object");
        assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("system");
        assertThat(body.get("messages").get(0).get("content").asString()).isEqualTo("You write crisp prose.");
        // the output leak check's canary, in a system message of its own after the prompt
        assertThat(body.get("messages").get(1).get("role").asString()).isEqualTo("system");
        assertThat(body.get("messages").get(1).get("content").asString()).containsPattern("cnry-[0-9a-f]{16}");
        assertThat(result.provider()).isEqualTo("test-gpt");
        assertThat(result.simulated()).isFalse();
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @Test
    void givesTheModelsCallsOfTheClientsOwnToolsBackToTheClient() {
        llm.stubFor(post(urlPathEqualTo(OPENAI))
                .willReturn(okJson(toolCall("call_9", "get_weather", "{\"city\":\"Paris\"}"))));

        TaskResult result = execute(
                "p-2",
                "{\"prompt\":\"What is the weather in Paris?\",\"parameters\":{\"tools\":[{\"name\":\"get_weather\","
                        + "\"description\":\"weather for a city\",\"parameters\":{\"type\":\"object\",\"properties\":"
                        + "{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]}}",
                decision("writer", null));

        assertThat(lastBody().get("tools").get(0).get("function").get("name").asString())
                .isEqualTo("get_weather");
        assertThat(result.finishReason()).isEqualTo("tool_calls");
        assertThat(result.requestedToolCalls())
                .containsExactly(new ChatMessage.ToolCall("call_9", "get_weather", "{\"city\":\"Paris\"}"));
        // the client's call is not run by the platform: no capability was called
        assertThat(result.toolCalls()).isEmpty();
    }

    @Test
    void continuesWithTheResultsOfTheClientsToolCallsWithoutRepeatingThePrompt() {
        String task = "{\"prompt\":\"What is the weather in Paris?\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"},"
                + "{\"role\":\"assistant\",\"content\":\"\",\"toolCalls\":[{\"id\":\"call_9\",\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}]},"
                + "{\"role\":\"tool\",\"content\":\"18 C and sunny\",\"toolCallId\":\"call_9\"}],"
                + "\"parameters\":{\"tools\":[{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}]}}";

        TaskResult result = execute("p-3", task, decision("writer", null));

        JsonNode messages = lastBody().get("messages");
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.get("role").asString()).isEqualTo("tool");
        assertThat(last.get("tool_call_id").asString()).isEqualTo("call_9");
        assertThat(messages.get(messages.size() - 2)
                        .get("tool_calls")
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo("call_9");
        assertThat(result.content()).isEqualTo("Crisp prose, as asked.");
    }

    @Test
    void answersACatalogModelAddressedDirectlyWithoutAnAgent() {
        TaskResult result = execute("p-4", "{\"prompt\":\"Say hello\"}", decision("-", "gpt-test"));

        JsonNode body = lastBody();
        assertThat(body.get("model").asString()).isEqualTo("gpt-test");
        assertThat(body.get("messages")).hasSize(1);
        assertThat(result.agent()).isEqualTo("-");
        assertThat(result.model()).isEqualTo("gpt-test");
    }

    @Test
    void listsTheCatalogWithWhichEntriesHaveAKey() {
        ProviderCatalogView view = http.get()
                .uri("/v1/providers")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(ProviderCatalogView.class)
                .returnResult()
                .getResponseBody();

        assertThat(view.providers())
                .filteredOn(e -> e.name().equals("test-gpt"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.configured()).isTrue();
                    assertThat(e.breaker()).isEqualTo("CLOSED");
                });
        assertThat(view.providers())
                .filteredOn(e -> e.name().equals("claude-opus-4"))
                .singleElement()
                .satisfies(e -> assertThat(e.configured()).isFalse());
        assertThat(view.chains().get("cheap")).containsExactly("test-gpt");
    }

    private static String decision(String agent, String model) {
        return "{\"agent\":\"" + agent + "\",\"team\":\"docs\",\"strategy\":\"SINGLE\",\"confidence\":0.8,"
                + "\"candidates\":[],\"agents\":[\"" + agent + "\"]"
                + (model == null ? "" : ",\"model\":\"" + model + "\"") + "}";
    }

    private TaskResult execute(String taskId, String task, String decision) {
        return http.post()
                .uri("/v1/executions")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-User-Id", "alice")
                .body("{\"taskId\":\"" + taskId + "\",\"task\":" + task + ",\"decision\":" + decision + "}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(TaskResult.class)
                .returnResult()
                .getResponseBody();
    }

    private JsonNode lastBody() {
        List<LoggedRequest> requests = llm.findAll(postRequestedFor(urlPathEqualTo(OPENAI)));
        assertThat(requests).isNotEmpty();
        return json.readTree(requests.get(requests.size() - 1).getBodyAsString());
    }

    private static String text(String text) {
        return "{\"id\":\"c-2\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-test\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,"
                + "\"total_tokens\":15}}";
    }

    private static String toolCall(String id, String function, String arguments) {
        return "{\"id\":\"c-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-test\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"" + function
                + "\",\"arguments\":\"" + arguments.replace("\"", "\\\"") + "\"}}]},\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";
    }
}
