package dev.agentplatform.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ModelParameters;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.TaskRequest;
import dev.agentplatform.devinfra.Ports;
import dev.agentplatform.devinfra.TestInfrastructure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every OpenAI request field the platform honours reaches the router's task as sent, what it cannot
 * honour is refused by name, the model's tool calls come back in the OpenAI shape, and the models,
 * agents and providers endpoints answer as routed; the router and the orchestrator stubbed.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "platform.gateway.auth.admin-key=test-admin-key-1"})
class OpenAiRequestFieldsTest {

    @RegisterExtension
    static final WireMockExtension router = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @RegisterExtension
    static final WireMockExtension orchestrator = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("platform.gateway.routes.router-url", router::baseUrl);
        registry.add("platform.gateway.routes.orchestrator-url", orchestrator::baseUrl);
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + Ports.free());
        registry.add("spring.datasource.url", TwoGateways::unreachableDatabaseUrl);
        registry.add(
                "platform.gateway.semantic.lucene-directory",
                () -> TestInfrastructure.tempDir("openai-fields-test-" + UUID.randomUUID())
                        .toString());
    }

    static final String TOOL_CALLS_RESULT = """
            {"taskId":"t-2","agent":"python","team":"code","strategy":"SINGLE","content":"",
             "provider":"openai","model":"gpt-4o-mini","simulated":false,
             "usage":{"promptTokens":30,"completionTokens":12},"costUsd":0.0001,"latencyMs":5,"toolCalls":[],
             "finishReason":"tool_calls",
             "requestedToolCalls":[{"id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"},
                                   {"id":"call_2","name":"get_time","arguments":"{}"}]}
            """;

    private static final String WEATHER_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Weather of a city\",\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}";

    /** A request asking "hi", without its closing brace, for members to be added. */
    private static final String ASKING_HI = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private final JsonMapper json = new JsonMapper();

    @LocalServerPort
    int port;

    WebTestClient client;

    @BeforeEach
    void setUp() {
        client = GatewayApiTest.client(port);
        router.stubFor(post("/v1/tasks").willReturn(json(GatewayApiTest.RESULT)));
    }

    @Test
    void everyParameterReachesTheTaskWithItsExactValue() {
        chat("""
                {"model":"auto","messages":[{"role":"user","content":"Weather in Paris?"}],
                 "temperature":0.35,"top_p":0.9,"max_tokens":100,"max_completion_tokens":64,
                 "stop":["\\n","END"],"seed":42,"presence_penalty":-0.5,"frequency_penalty":1.25,
                 "user":"end-user-7",
                 "response_format":{"type":"json_schema","json_schema":{"name":"weather","strict":true,
                   "schema":{"type":"object","properties":{"temp":{"type":"number"}}}}},
                 "tools":[%s],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}},
                 "parallel_tool_calls":false,"stream":false}""".formatted(WEATHER_TOOL)).exchange().expectStatus().isOk();

        ModelParameters parameters = lastTask().parameters();
        assertThat(parameters.temperature()).isEqualTo(0.35);
        assertThat(parameters.topP()).isEqualTo(0.9);
        assertThat(parameters.maxTokens()).isEqualTo(64);
        assertThat(parameters.stop()).containsExactly("\n", "END");
        assertThat(parameters.seed()).isEqualTo(42L);
        assertThat(parameters.presencePenalty()).isEqualTo(-0.5);
        assertThat(parameters.frequencyPenalty()).isEqualTo(1.25);
        assertThat(parameters.user()).isEqualTo("end-user-7");
        assertThat(parameters.responseFormat())
                .isEqualTo(new ModelParameters.ResponseFormat(
                        "json_schema",
                        "weather",
                        Map.of("type", "object", "properties", Map.of("temp", Map.of("type", "number"))),
                        true));
        assertThat(parameters.tools())
                .containsExactly(new ModelParameters.ToolDefinition(
                        "get_weather",
                        "Weather of a city",
                        Map.of(
                                "type",
                                "object",
                                "properties",
                                Map.of("city", Map.of("type", "string")),
                                "required",
                                List.of("city"))));
        assertThat(parameters.toolChoice()).isEqualTo("get_weather");
    }

    @Test
    void aSingleStopStringAndMaxTokensAloneAreTakenAsTheyCome() {
        chat("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"stop\":\"\\n\",\"max_tokens\":7,\"tool_choice\":\"none\",\"tools\":[" + WEATHER_TOOL
                        + "]}")
                .exchange()
                .expectStatus()
                .isOk();

        ModelParameters parameters = lastTask().parameters();
        assertThat(parameters.stop()).containsExactly("\n");
        assertThat(parameters.maxTokens()).isEqualTo(7);
        assertThat(parameters.toolChoice()).isEqualTo("none");
    }

    @Test
    void aRequestWithoutParametersLeavesEveryProviderDefault() {
        chat("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(lastTask().parameters()).isNull();
    }

    @Test
    void twentyRandomCombinationsOfParametersEachReachTheTaskExactly() {
        Random random = new Random(20261206L);
        for (int i = 0; i < 20; i++) {
            router.resetRequests();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", "auto");
            body.put("messages", List.of(Map.of("role", "user", "content", "question " + i)));
            ModelParameters expected = randomParameters(random, body);

            chat(json.writeValueAsString(body)).exchange().expectStatus().isOk();

            assertThat(lastTask().parameters())
                    .as("combination %d: %s", i, body)
                    .isEqualTo(expected);
        }
    }

    /** Random valid members put into {@code body}; the parameters they must become. */
    private static ModelParameters randomParameters(Random random, Map<String, Object> body) {
        Double temperature = random.nextBoolean() ? random.nextInt(201) / 100.0 : null;
        Double topP = random.nextBoolean() ? random.nextInt(101) / 100.0 : null;
        Integer maxTokens = random.nextBoolean() ? 1 + random.nextInt(4000) : null;
        Integer maxCompletionTokens = random.nextBoolean() ? 1 + random.nextInt(4000) : null;
        List<String> stop = null;
        if (random.nextBoolean()) {
            List<String> pool = List.of("\n", "\n\n", " ", "END", "###", "Observation:");
            stop = new ArrayList<>();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                stop.add(pool.get(random.nextInt(pool.size())));
            }
        }
        Long seed = random.nextBoolean() ? random.nextLong() : null;
        Double presence = random.nextBoolean() ? (random.nextInt(401) - 200) / 100.0 : null;
        Double frequency = random.nextBoolean() ? (random.nextInt(401) - 200) / 100.0 : null;
        String user = random.nextBoolean() ? "user-" + random.nextInt(1000) : null;
        ModelParameters.ResponseFormat format = null;
        switch (random.nextInt(4)) {
            case 1 -> {
                body.put("response_format", Map.of("type", "text"));
                format = new ModelParameters.ResponseFormat("text", null, null, null);
            }
            case 2 -> {
                body.put("response_format", Map.of("type", "json_object"));
                format = new ModelParameters.ResponseFormat("json_object", null, null, null);
            }
            case 3 -> {
                Map<String, Object> schema =
                        Map.of("type", "object", "properties", Map.of("n", Map.of("type", "integer")));
                boolean strict = random.nextBoolean();
                body.put(
                        "response_format",
                        Map.of(
                                "type",
                                "json_schema",
                                "json_schema",
                                Map.of("name", "s" + random.nextInt(100), "schema", schema, "strict", strict)));
                @SuppressWarnings("unchecked")
                Map<String, Object> sent =
                        (Map<String, Object>) ((Map<String, Object>) body.get("response_format")).get("json_schema");
                format = new ModelParameters.ResponseFormat("json_schema", (String) sent.get("name"), schema, strict);
            }
            default -> {}
        }
        List<ModelParameters.ToolDefinition> tools = null;
        String toolChoice = null;
        if (random.nextBoolean()) {
            tools = new ArrayList<>();
            List<Object> sent = new ArrayList<>();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                String name = "tool_" + n + "_" + random.nextInt(100);
                Map<String, Object> parameters =
                        Map.of("type", "object", "properties", Map.of("x" + n, Map.of("type", "string")));
                tools.add(new ModelParameters.ToolDefinition(name, "does " + n, parameters));
                sent.add(Map.of(
                        "type",
                        "function",
                        "function",
                        Map.of("name", name, "description", "does " + n, "parameters", parameters)));
            }
            body.put("tools", sent);
            switch (random.nextInt(5)) {
                case 0 -> toolChoice = "auto";
                case 1 -> toolChoice = "none";
                case 2 -> toolChoice = "required";
                case 3 -> {
                    toolChoice = tools.get(random.nextInt(tools.size())).name();
                    body.put("tool_choice", Map.of("type", "function", "function", Map.of("name", toolChoice)));
                }
                default -> {}
            }
            if (toolChoice != null && !body.containsKey("tool_choice")) {
                body.put("tool_choice", toolChoice);
            }
            if (random.nextBoolean()) {
                body.put("parallel_tool_calls", random.nextBoolean());
            }
        }
        putIfSet(body, "temperature", temperature);
        putIfSet(body, "top_p", topP);
        putIfSet(body, "max_tokens", maxTokens);
        putIfSet(body, "max_completion_tokens", maxCompletionTokens);
        // a single stop sequence may also be sent as a string
        putIfSet(body, "stop", stop != null && stop.size() == 1 && random.nextBoolean() ? stop.get(0) : stop);
        putIfSet(body, "seed", seed);
        putIfSet(body, "presence_penalty", presence);
        putIfSet(body, "frequency_penalty", frequency);
        putIfSet(body, "user", user);
        ModelParameters expected = new ModelParameters(
                temperature,
                topP,
                maxCompletionTokens != null ? maxCompletionTokens : maxTokens,
                stop,
                seed,
                presence,
                frequency,
                user,
                format,
                tools,
                toolChoice);
        return ModelParameters.DEFAULTS.equals(expected) ? null : expected;
    }

    private static void putIfSet(Map<String, Object> body, String field, Object value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"n\": 2 | n must be 1",
                "\"logprobs\": true | logprobs",
                "\"top_logprobs\": 3 | top_logprobs",
                "\"logit_bias\": {\"50256\": -100} | logit_bias",
                "\"audio\": {\"voice\": \"alloy\", \"format\": \"mp3\"} | audio",
                "\"modalities\": [\"text\", \"audio\"] | modalities",
                "\"prediction\": {\"type\": \"content\", \"content\": \"x\"} | prediction",
                "\"functions\": [{\"name\": \"f\"}] | use tools",
                "\"function_call\": \"auto\" | use tool_choice"
            })
    void whatThePlatformCannotHonourIsA400ProblemNamingIt(String member, String named) {
        expectRefusalNaming(ASKING_HI + "," + member + "}", named);
    }

    @Test
    void theHarmlessValuesOfUnsupportedMembersAreAccepted() {
        chat("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":1,"
                        + "\"logprobs\":false,\"logit_bias\":{},\"modalities\":[\"text\"],\"parallel_tool_calls\":true,"
                        + "\"store\":false,\"metadata\":{\"a\":\"b\"}}")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tool_choice\":\"required\" | tool_choice",
                "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tool_choice\":{\"type\":\"function\","
                        + "\"function\":{\"name\":\"nope\"}},\"tools\":[" + WEATHER_TOOL + "] | nope",
                "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":{\"type\":\"json_schema\"}"
                        + " | response_format.json_schema",
                "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"tool\",\"content\":\"x\"}]"
                        + " | messages[1].tool_call_id",
                "\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"tool_call_id\":\"c\"}] | messages[0].tool_call_id",
                "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":null}]"
                        + " | messages[1].content",
                "\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}] | messages[0].tool_calls"
            })
    void inconsistentToolMembersAre400ProblemsNamingTheField(String members, String named) {
        expectRefusalNaming("{\"model\":\"auto\"," + members + "}", named);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"] | stop size must be between 0 and 4",
                "\"stop\":\"\" | stop[0] must not be empty",
                "\"temperature\":7 | temperature must be less than or equal to 2.0",
                "\"presence_penalty\":3 | presence_penalty",
                "\"frequency_penalty\":-2.5 | frequency_penalty",
                "\"max_completion_tokens\":0 | max_completion_tokens must be greater than 0",
                "\"response_format\":{\"type\":\"xml\"} | response_format.type must be text, json_object or json_schema",
                "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"bad name!\"}}] | tools[0].function.name",
                "\"tools\":[{\"type\":\"retrieval\"}] | tools[0].type must be function",
                "\"tool_choice\":\"sometimes\" | tool_choice.type must be auto, none, required or a function",
            })
    void badParameterValuesAre400ProblemsNamingTheField(String member, String named) {
        expectRefusalNaming(ASKING_HI + "," + member + "}", named);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"\"stop\":5", "\"seed\":\"x\"", "\"tool_choice\":7", "\"tools\":{}"})
    void wronglyTypedParametersAre400Problems(String member) {
        GatewayApiTest.expectProblem(
                chat(ASKING_HI + "," + member + "}").exchange(), 400, ProblemTypes.INVALID_REQUEST);
        assertThat(router.getAllServeEvents()).isEmpty();
    }

    @Test
    void aClientContinuingAfterItsToolCallsSendsTheWholeConversation() {
        chat("""
                {"model":"auto","tools":[%s],"messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","name":"get_weather","content":"18 C, sunny"}]}""".formatted(WEATHER_TOOL)).exchange().expectStatus().isOk();

        TaskRequest task = lastTask();
        assertThat(task.prompt()).isEqualTo("Weather in Paris?");
        assertThat(task.messages())
                .containsExactly(
                        new ChatMessage("system", "Be brief."),
                        new ChatMessage("user", "Weather in Paris?"),
                        new ChatMessage(
                                "assistant",
                                "",
                                null,
                                List.of(new ChatMessage.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")),
                                null),
                        new ChatMessage("tool", "18 C, sunny", "get_weather", null, "call_1"));
    }

    @Test
    void aConversationEndingWithAUserMessageSendsTheOthersAsContext() {
        chat("""
                {"model":"auto","messages":[
                  {"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"get_weather","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"18 C"},
                  {"role":"assistant","content":"It is 18 C."},
                  {"role":"user","content":"And tomorrow?"}]}""").exchange().expectStatus().isOk();

        TaskRequest task = lastTask();
        assertThat(task.prompt()).isEqualTo("And tomorrow?");
        assertThat(task.messages())
                .extracting(ChatMessage::role)
                .containsExactly("user", "assistant", "tool", "assistant");
        assertThat(task.messages().get(1).toolCalls()).hasSize(1);
        assertThat(task.messages().get(2).toolCallId()).isEqualTo("call_1");
    }

    @Test
    void theModelsToolCallsAreAnsweredInTheOpenAiShape() {
        router.stubFor(post("/v1/tasks").willReturn(json(TOOL_CALLS_RESULT)));

        chat("{\"model\":\"auto\",\"tools\":[" + WEATHER_TOOL
                        + "],\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.choices[0].finish_reason")
                .isEqualTo("tool_calls")
                .jsonPath("$.choices[0].message.role")
                .isEqualTo("assistant")
                .jsonPath("$.choices[0].message.content")
                .isEmpty()
                .jsonPath("$.choices[0].message.tool_calls[0].id")
                .isEqualTo("call_1")
                .jsonPath("$.choices[0].message.tool_calls[0].type")
                .isEqualTo("function")
                .jsonPath("$.choices[0].message.tool_calls[0].function.name")
                .isEqualTo("get_weather")
                .jsonPath("$.choices[0].message.tool_calls[0].function.arguments")
                .isEqualTo("{\"city\":\"Paris\"}")
                .jsonPath("$.choices[0].message.tool_calls[1].function.name")
                .isEqualTo("get_time")
                .jsonPath("$.choices[0].message.tool_calls[0].index")
                .doesNotExist()
                .jsonPath("$.model")
                .isEqualTo("gpt-4o-mini");
    }

    @Test
    void theModelsToolCallsAreStreamedAsToolCallDeltasWithTheirFinishReason() {
        router.stubFor(post("/v1/tasks")
                .withHeader("Accept", containing("text/event-stream"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody("event: result\ndata: " + TOOL_CALLS_RESULT.replace("\n", "") + "\n\n")));

        byte[] body = chat("{\"model\":\"auto\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"tools\":[" + WEATHER_TOOL
                        + "],\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();

        List<String> frames = GatewayApiTest.frames(body);
        assertThat(frames).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = frames.subList(0, frames.size() - 1).stream()
                .map(json::readTree)
                .toList();
        List<JsonNode> calls = chunks.stream()
                .filter(c -> c.path("choices").path(0).path("delta").has("tool_calls"))
                .map(c -> c.path("choices")
                        .path(0)
                        .path("delta")
                        .path("tool_calls")
                        .path(0))
                .toList();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).path("index").asInt()).isZero();
        assertThat(calls.get(0).path("id").asString()).isEqualTo("call_1");
        assertThat(calls.get(0).path("type").asString()).isEqualTo("function");
        assertThat(calls.get(0).path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(calls.get(0).path("function").path("arguments").asString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(calls.get(1).path("index").asInt()).isEqualTo(1);
        assertThat(calls.get(1).path("id").asString()).isEqualTo("call_2");
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.path("choices").path(0).path("finish_reason").asString())
                .isEqualTo("tool_calls");
        assertThat(chunks.get(chunks.size() - 1)
                        .path("usage")
                        .path("total_tokens")
                        .asInt())
                .isEqualTo(42);
        assertThat(chunks.get(0)
                        .path("choices")
                        .path(0)
                        .path("delta")
                        .path("role")
                        .asString())
                .isEqualTo("assistant");
    }

    @Test
    void aWholeStreamedAnswerEndsWithTheResultsFinishReason() {
        router.stubFor(post("/v1/tasks")
                .willReturn(json(GatewayApiTest.RESULT.replace(
                        "\"toolCalls\":[]", "\"toolCalls\":[],\"finishReason\":\"length\""))));

        byte[] body = chat("{\"model\":\"auto\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Tell me a long story about a lighthouse keeper\"}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();

        List<String> frames = GatewayApiTest.frames(body);
        JsonNode finish = json.readTree(frames.get(frames.size() - 2));
        assertThat(finish.path("choices").path(0).path("finish_reason").asString())
                .isEqualTo("length");
    }

    @Test
    void xAgentNamesEveryContributorOfACascadeInOrder() {
        router.stubFor(post("/v1/tasks").willReturn(json("""
                {"taskId":"t-3","agent":"python","team":"code","strategy":"CASCADE","content":"done",
                 "provider":"simulated","model":"simulated-quality","simulated":true,
                 "usage":{"promptTokens":1,"completionTokens":1},"costUsd":0,"latencyMs":1,"toolCalls":[],
                 "steps":[{"agent":"sql","provider":"simulated","model":"simulated-cheap","latencyMs":1},
                          {"agent":"python","provider":"simulated","model":"simulated-quality","latencyMs":1}]}
                """)));

        chat("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Draft, then refine a haiku\"}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Agent", "sql,python")
                .expectHeader()
                .valueEquals("X-Strategy", "CASCADE");
    }

    @Test
    void aCatalogModelAddressedDirectlyIsNamedInTheAnswerAndXAgentIsADash() {
        router.stubFor(post("/v1/tasks").willReturn(json("""
                {"taskId":"t-4","agent":"-","team":"-","strategy":"SINGLE","content":"hello",
                 "provider":"openai","model":"gpt-4o-mini","simulated":false,
                 "usage":{"promptTokens":1,"completionTokens":1},"costUsd":0,"latencyMs":1,"toolCalls":[]}
                """)));

        chat("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Agent", "-")
                .expectBody()
                .jsonPath("$.model")
                .isEqualTo("gpt-4o-mini")
                .jsonPath("$.choices[0].finish_reason")
                .isEqualTo("stop");
        assertThat(lastTask().model()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void modelsAreTheRoutersListInTheOpenAiShape() {
        router.stubFor(get("/v1/models").willReturn(json("""
                [{"id":"auto","kind":"auto","ownedBy":"agent-platform"},
                 {"id":"code","kind":"team","ownedBy":"agent-platform"},
                 {"id":"python","kind":"agent","ownedBy":"code"},
                 {"id":"gpt-4o-mini","kind":"model","ownedBy":"openai-cheap"}]""")));

        client.get()
                .uri("/v1/models")
                .header("X-API-Key", GatewayApiTest.DEV_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.object")
                .isEqualTo("list")
                .jsonPath("$.data[*].id")
                .isEqualTo(List.of("auto", "code", "python", "gpt-4o-mini"))
                .jsonPath("$.data[3].owned_by")
                .isEqualTo("openai-cheap")
                .jsonPath("$.data[3].object")
                .isEqualTo("model");
        router.verify(0, getRequestedFor(urlEqualTo("/v1/agents")));
    }

    @Test
    void aRouterThatCannotBeReachedGetsItsLastModelListAnswered() {
        router.stubFor(get("/v1/models")
                .willReturn(json("[{\"id\":\"auto\",\"kind\":\"auto\"},"
                        + "{\"id\":\"claude-x\",\"kind\":\"model\",\"ownedBy\":\"anthropic-quality\"}]")));
        client.get()
                .uri("/v1/models")
                .header("X-API-Key", GatewayApiTest.DEV_KEY)
                .exchange()
                .expectStatus()
                .isOk();
        router.stubFor(get("/v1/models")
                .willReturn(
                        aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));

        client.get()
                .uri("/v1/models")
                .header("X-API-Key", GatewayApiTest.DEV_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.data[*].id")
                .isEqualTo(List.of("auto", "claude-x"))
                .jsonPath("$.data[0].owned_by")
                .isEqualTo("agent-platform");
    }

    @Test
    void changingAnAgentNeedsTheAdminKey() {
        router.stubFor(put("/v1/agents/python").willReturn(json("{\"name\":\"python\"}")));
        String agent = "{\"name\":\"python\",\"team\":\"code\",\"description\":\"d\",\"keywords\":[\"py\"]}";

        GatewayApiTest.expectProblem(
                client.put()
                        .uri("/v1/agents/python")
                        .header("X-API-Key", GatewayApiTest.DEV_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(agent)
                        .exchange(),
                403,
                ProblemTypes.FORBIDDEN);
        router.verify(0, putRequestedFor(urlEqualTo("/v1/agents/python")));

        client.put()
                .uri("/v1/agents/python")
                .header("Authorization", "Bearer test-admin-key-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(agent)
                .exchange()
                .expectStatus()
                .isOk();
        router.verify(1, putRequestedFor(urlEqualTo("/v1/agents/python")));
    }

    @Test
    void theProviderCatalogGoesToTheOrchestratorForTheAdminKeyOnly() {
        orchestrator.stubFor(get("/v1/providers").willReturn(json("{\"providers\":[],\"tiers\":{}}")));

        GatewayApiTest.expectProblem(
                client.get()
                        .uri("/v1/providers")
                        .header("X-API-Key", GatewayApiTest.DEV_KEY)
                        .exchange(),
                403,
                ProblemTypes.FORBIDDEN);
        orchestrator.verify(0, getRequestedFor(urlEqualTo("/v1/providers")));

        client.get()
                .uri("/v1/providers")
                .header("Authorization", "Bearer test-admin-key-1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.providers")
                .isArray();
        orchestrator.verify(1, getRequestedFor(urlEqualTo("/v1/providers")));
        assertThat(router.getAllServeEvents()).isEmpty();
    }

    /** A 400 problem whose detail names {@code named}, and nothing sent on. */
    private void expectRefusalNaming(String body, String named) {
        GatewayApiTest.expectProblem(chat(body).exchange(), 400, ProblemTypes.INVALID_REQUEST)
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains(named));
        assertThat(router.getAllServeEvents()).isEmpty();
    }

    private TaskRequest lastTask() {
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> tasks =
                router.findAll(postRequestedFor(urlEqualTo("/v1/tasks")));
        assertThat(tasks).isNotEmpty();
        return json.readValue(tasks.get(tasks.size() - 1).getBodyAsString(), TaskRequest.class);
    }

    /** A chat completion that never takes an answer from a cache: every test here must reach the router. */
    private WebTestClient.RequestHeadersSpec<?> chat(String body) {
        return client.post()
                .uri("/v1/chat/completions")
                .header("Authorization", "Bearer " + GatewayApiTest.DEV_KEY)
                .header("Cache-Control", "no-cache")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }
}
