package dev.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.devinfra.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The six services started with nothing but {@code OPENAI_BASE_URL} and {@code OPENAI_API_KEY}, the
 * base URL a local server speaking OpenAI's wire format ({@link FakeOpenAi}): every agent answers
 * through it, the client's parameters and the agent's system prompt reach it, the client's tools
 * come back as tool calls, a catalog model id is answered directly, a throttled model falls back
 * along its chain, CASCADE refines in turn, and an agent registered at run time answers with its
 * own system prompt at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealModelsIT {

    private static final int REDIS_DB = 11;
    private static final String DEV_KEY = "e2e-models-key";
    private static final String ADMIN_KEY = "e2e-models-admin";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PlatformUnderTest platform;
    private FakeOpenAi upstream;

    @BeforeAll
    void startPlatform() throws Exception {
        upstream = new FakeOpenAi();
        platform = new PlatformUnderTest(
                "models",
                REDIS_DB,
                Map.of(
                        "PLATFORM_DEV_KEY",
                        DEV_KEY,
                        "PLATFORM_ADMIN_KEY",
                        ADMIN_KEY,
                        "OPENAI_BASE_URL",
                        upstream.baseUrl(),
                        "OPENAI_API_KEY",
                        "sk-e2e",
                        // the COLD tier on, so that memory-service has facts extracted
                        "NEO4J_URI",
                        TestInfrastructure.neo4jUri()));
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
    }

    @Test
    void everyAgentAnswersThroughTheOnlyProviderWithAKeyNeverSimulated() throws Exception {
        List<String> prompts = List.of(
                "Write a python function that reverses a string",
                "Summarize the key points of this article about climate",
                "Write a SQL query joining orders and customers",
                "Plot a bar chart of monthly revenue",
                "Explain ownership and borrowing in Rust");
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response =
                    post("/v1/chat/completions", chat("auto", prompts.get(i % prompts.size()) + " (case " + i + ")"));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).doesNotContainIgnoringCase("simulated").contains("Answer from gpt-4o");
        }
        assertThat(upstream.requests()).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void theClientsParametersAndTheAgentsSystemPromptReachTheProvider() throws Exception {
        HttpResponse<String> response = post(
                "/v1/chat/completions",
                "{\"model\":\"python\",\"temperature\":0.37,\"top_p\":0.91,\"max_tokens\":33,\"stop\":[\"QQQ\"],"
                        + "\"seed\":7,\"response_format\":{\"type\":\"json_object\"},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Name three prime numbers, parameter check\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = upstream.requests().get(upstream.requests().size() - 1);
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.37);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.91);
        JsonNode maxTokens =
                body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        assertThat(maxTokens.asInt()).isEqualTo(33);
        assertThat(body.get("stop").get(0).asString()).isEqualTo("QQQ");
        assertThat(body.get("seed").asInt()).isEqualTo(7);
        assertThat(body.get("response_format").get("type").asString()).isEqualTo("json_object");
        JsonNode system = body.get("messages").get(0);
        assertThat(system.get("role").asString()).isEqualTo("system");
        assertThat(system.get("content").asString()).contains("Python");
    }

    @Test
    void aCatalogModelIdIsAnsweredByThatModelWithoutAnAgent() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", chat("gpt-4o-mini", "Say hello by model id"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(header(response, "X-Agent")).isEqualTo("-");
        assertThat(JSON.readTree(response.body()).get("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(upstream.requests())
                .singleElement()
                .satisfies(b -> assertThat(b.get("model").asString()).isEqualTo("gpt-4o-mini"));
    }

    @Test
    void theClientsToolsComeBackAsToolCallsAndTheFollowUpCompletes() throws Exception {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"description\":\"weather for a city\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]";
        HttpResponse<String> first = post(
                "/v1/chat/completions",
                "{\"model\":\"auto\"," + tools
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}]}");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode choice = JSON.readTree(first.body()).get("choices").get(0);
        assertThat(choice.get("finish_reason").asString()).isEqualTo("tool_calls");
        JsonNode call = choice.get("message").get("tool_calls").get(0);
        assertThat(call.get("function").get("name").asString()).isEqualTo("get_weather");

        HttpResponse<String> second = post(
                "/v1/chat/completions",
                "{\"model\":\"auto\"," + tools + ",\"messages\":["
                        + "{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"},"
                        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + call + "]},"
                        + "{\"role\":\"tool\",\"tool_call_id\":\""
                        + call.get("id").asString()
                        + "\",\"content\":\"18 C and sunny\"}]}");

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(second.body()).get("choices").get(0);
        assertThat(answer.get("finish_reason").asString()).isEqualTo("stop");
        assertThat(answer.get("message").get("content").asString()).startsWith("Answer from");
        JsonNode sent = upstream.requests().get(upstream.requests().size() - 1).get("messages");
        assertThat(sent.get(sent.size() - 1).get("role").asString()).isEqualTo("tool");
    }

    @Test
    void aThrottledModelFallsBackAlongItsTiersChain() throws Exception {
        upstream.throttle("gpt-4o");

        // rust is on the quality tier: gpt-4o first, then gpt-4o-mini
        HttpResponse<String> response = post("/v1/chat/completions", chat("rust", "Explain lifetimes in Rust"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("Answer from gpt-4o-mini");
        assertThat(upstream.requests())
                .extracting(b -> b.get("model").asString())
                .contains("gpt-4o", "gpt-4o-mini");
    }

    @Test
    void aStreamedAnswerComesFromTheProvidersStream() throws Exception {
        HttpResponse<String> response = post(
                "/v1/chat/completions",
                "{\"model\":\"python\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Count to five\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body())
                .contains("streamed")
                .doesNotContainIgnoringCase("simulated")
                .endsWith("[DONE]\n\n");
        assertThat(upstream.requests())
                .singleElement()
                .satisfies(b -> assertThat(b.get("stream").asBoolean()).isTrue());
    }

    @Test
    void cascadeHasEachNextAgentRefineThePreviousAnswer() throws Exception {
        HttpResponse<String> response = post(
                "/v1/tasks",
                "{\"prompt\":\"Write a function that merges two sorted arrays, cascade check\",\"strategy\":\"CASCADE\","
                        + "\"agents\":[\"python\",\"javascript\",\"rust\"]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> calls = upstream.requests();
        assertThat(calls).hasSizeBetween(2, 3);
        String firstAnswer = "Answer from " + calls.get(0).get("model").asString();
        for (JsonNode later : calls.subList(1, calls.size())) {
            assertThat(later.toString()).contains(firstAnswer.substring(0, 12));
        }
        JsonNode result = JSON.readTree(response.body());
        assertThat(result.get("steps")).hasSize(calls.size());
        assertThat(header(response, "X-Agent")).contains("python").contains(",");
    }

    @Test
    void anAgentRegisteredAtRunTimeAnswersWithItsOwnSystemPromptAtOnce() throws Exception {
        HttpResponse<String> registered = send(HttpRequest.newBuilder(uri("/v1/agents"))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"poet\",\"team\":\"writing\","
                        + "\"description\":\"Writes short poems and haiku.\",\"keywords\":[\"poem\",\"haiku\"],"
                        + "\"systemPrompt\":\"You are a terse poet who answers in haiku.\","
                        + "\"provider\":\"openai-gpt-4o-mini\",\"tier\":\"cheap\"}")));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

        HttpResponse<String> response = post("/v1/chat/completions", chat("poet", "A haiku about the sea"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(header(response, "X-Agent")).isEqualTo("poet");
        JsonNode system = upstream.requests()
                .get(upstream.requests().size() - 1)
                .get("messages")
                .get(0);
        assertThat(system.get("content").asString()).isEqualTo("You are a terse poet who answers in haiku.");
    }

    @Test
    void withAKeySetAModelReadsTheFactsOfAMemoryThroughTheOrchestratorAndTheUserPaysForIt() throws Exception {
        JsonNode before = usage();
        HttpResponse<String> accepted = post(
                "/v1/memories",
                "{\"messages\":[{\"id\":\"m-e2e-trip\",\"role\":\"user\",\"name\":\"Caroline\","
                        + "\"content\":\"I am planning a trip with my sister to Lisbon.\"}]}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        JsonNode asked = null;
        JsonNode found = null;
        JsonNode after = before;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline
                && (asked == null
                        || found == null
                        || after.get("requests").asLong()
                                <= before.get("requests").asLong())) {
            asked = upstream.requests().stream()
                    .filter(r -> r.path("messages")
                            .path(0)
                            .path("content")
                            .asString("")
                            .startsWith("You extract a knowledge graph"))
                    .findFirst()
                    .orElse(null);
            HttpResponse<String> searched =
                    post("/v1/memories/search", "{\"query\":\"Caroline trip Lisbon\",\"tiers\":[\"cold\"]}");
            assertThat(searched.statusCode()).as(searched.body()).isEqualTo(200);
            found = null;
            for (JsonNode result : JSON.readTree(searched.body()).get("results")) {
                if (result.get("text").asString().contains("told the model")) {
                    found = result;
                }
            }
            after = usage();
            Thread.sleep(250);
        }

        // the provider was asked, as the orchestrator asks it, for JSON about the message
        assertThat(asked).as("no extraction request reached the provider").isNotNull();
        assertThat(asked.get("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(asked.path("response_format").path("type").asString()).isEqualTo("json_object");
        JsonNode messages = asked.get("messages");
        assertThat(messages.get(messages.size() - 1).get("content").asString())
                .contains("[0] Caroline: I am planning a trip with my sister to Lisbon.");
        // the model's fact, a relation no rule makes, is in the user's graph with its source
        assertThat(found).as("the model's fact is not in the graph").isNotNull();
        assertThat(found.get("text").asString()).containsIgnoringCase("Caroline told the model Lisbon");
        assertThat(found.get("sources").get(0).asString()).isEqualTo("m-e2e-trip");
        // and the user paid for it, like for any task
        assertThat(after.get("requests").asLong())
                .isGreaterThan(before.get("requests").asLong());
        assertThat(after.get("promptTokens").asLong())
                .isGreaterThan(before.get("promptTokens").asLong());
    }

    /** The development key's user's usage today, from cost-service through the gateway. */
    private JsonNode usage() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/usage"))
                .header("Authorization", "Bearer " + DEV_KEY)
                .GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return platform.post(path, DEV_KEY, body);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return platform.send(request);
    }

    private URI uri(String path) {
        return platform.gateway(path);
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static String chat(String model, String content) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }
}
