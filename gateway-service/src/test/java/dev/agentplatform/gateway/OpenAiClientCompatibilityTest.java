package dev.agentplatform.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.TaskRequest;
import dev.agentplatform.devinfra.Ports;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An OpenAI client library (langchain4j's OpenAI client, as any application would configure it:
 * base URL and API key) against the gateway, with the router stubbed, in both modes; streamed, the
 * router streams too.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1"})
class OpenAiClientCompatibilityTest {

    @RegisterExtension
    static final WireMockExtension router = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("platform.gateway.routes.router-url", router::baseUrl);
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + Ports.free());
        registry.add("spring.datasource.url", TwoGateways::unreachableDatabaseUrl);
        registry.add(
                "platform.gateway.semantic.lucene-directory",
                () -> TestInfrastructure.tempDir("openai-client-test-" + UUID.randomUUID())
                        .toString());
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void stubRouter() {
        router.stubFor(post("/v1/tasks")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(GatewayApiTest.RESULT)));
        router.stubFor(post("/v1/tasks")
                .withHeader("Accept", containing("text/event-stream"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(GatewayApiTest.STREAM)));
        router.stubFor(get("/v1/agents")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("[]")));
    }

    @Test
    void aBlockingChatCompletionIsReadByTheClient() {
        OpenAiChatModel model = OpenAiChatModel.builder()
                .baseUrl(baseUrl())
                .apiKey(GatewayApiTest.DEV_KEY)
                .modelName("auto")
                .timeout(Duration.ofSeconds(30))
                .build();

        ChatResponse response = model.chat(UserMessage.from("Write a SQL query for totals per region"));

        assertThat(response.aiMessage().text())
                .isEqualTo("[simulated sql] SELECT region, SUM(total) FROM orders GROUP BY region;");
        assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(32);
        assertThat(response.metadata().modelName()).isEqualTo("simulated-cheap");
    }

    @Test
    void aStreamedChatCompletionIsReadByTheClientChunkByChunk() throws Exception {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder()
                .baseUrl(baseUrl())
                .apiKey(GatewayApiTest.DEV_KEY)
                .modelName("auto")
                .timeout(Duration.ofSeconds(30))
                .build();
        StringBuilder partials = new StringBuilder();
        int[] chunks = {0};
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        model.chat("Write a SQL query for the totals per region, streamed", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                partials.append(partial);
                chunks[0]++;
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(30, TimeUnit.SECONDS);

        String expected = "[simulated sql] SELECT region, SUM(total) FROM orders GROUP BY region;";
        assertThat(partials).hasToString(expected);
        // the router's three pieces, as they came
        assertThat(chunks[0]).isEqualTo(3);
        assertThat(response.aiMessage().text()).isEqualTo(expected);
        assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(32);
    }

    @Test
    void aClientOffersToolsGetsTheModelsCallsAndContinuesWithTheirResults() {
        router.stubFor(post("/v1/tasks")
                .atPriority(2)
                .withRequestBody(containing("\"tools\""))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(OpenAiRequestFieldsTest.TOOL_CALLS_RESULT)));
        OpenAiChatModel model = OpenAiChatModel.builder()
                .baseUrl(baseUrl())
                .apiKey(GatewayApiTest.DEV_KEY)
                .modelName("auto")
                .temperature(0.2)
                .maxTokens(200)
                .seed(7)
                .stop(java.util.List.of("\n\n"))
                .timeout(Duration.ofSeconds(30))
                .build();
        ToolSpecification weather = ToolSpecification.builder()
                .name("get_weather")
                .description("Weather of a city")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("city")
                        .required("city")
                        .build())
                .build();
        UserMessage question = UserMessage.from("Weather in Paris, with tools?");

        ChatResponse calls = model.chat(ChatRequest.builder()
                .messages(question)
                .toolSpecifications(weather)
                .build());

        assertThat(calls.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(calls.aiMessage().toolExecutionRequests())
                .extracting(ToolExecutionRequest::id, ToolExecutionRequest::name, ToolExecutionRequest::arguments)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                        org.assertj.core.groups.Tuple.tuple("call_2", "get_time", "{}"));

        ChatResponse answer = model.chat(ChatRequest.builder()
                .messages(
                        question,
                        calls.aiMessage(),
                        ToolExecutionResultMessage.from(
                                calls.aiMessage().toolExecutionRequests().get(0), "18 C"),
                        ToolExecutionResultMessage.from(
                                calls.aiMessage().toolExecutionRequests().get(1), "12:00"))
                .build());

        assertThat(answer.aiMessage().text()).startsWith("[simulated sql]");
        var sent = router.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/v1/tasks")))
                .get(1);
        TaskRequest followUp =
                new tools.jackson.databind.json.JsonMapper().readValue(sent.getBodyAsString(), TaskRequest.class);
        assertThat(followUp.prompt()).isEqualTo("Weather in Paris, with tools?");
        assertThat(followUp.messages())
                .extracting(ChatMessage::role)
                .containsExactly("user", "assistant", "tool", "tool");
        assertThat(followUp.messages().get(2).toolCallId()).isEqualTo("call_1");
        assertThat(followUp.parameters().temperature()).isEqualTo(0.2);
        assertThat(followUp.parameters().seed()).isEqualTo(7L);
        assertThat(followUp.parameters().stop()).containsExactly("\n\n");
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }
}
