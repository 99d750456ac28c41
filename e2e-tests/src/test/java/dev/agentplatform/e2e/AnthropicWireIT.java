package dev.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
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
 * The six services started with nothing but {@code ANTHROPIC_BASE_URL} and {@code
 * ANTHROPIC_API_KEY}, the base URL a local server speaking Anthropic's Messages wire format ({@link
 * FakeAnthropic}): an agent of the quality tier answers through it with its system prompt and the
 * client's parameters, in JSON and streamed; when the model is addressed directly and its upstream
 * answers garbage, refuses the key or hangs, the client gets a problem response (502, 503 or 504),
 * never a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnthropicWireIT {

    private static final int REDIS_DB = 14;
    private static final String DEV_KEY = "e2e-anthropic-key";
    private static final String API_KEY = "sk-ant-e2e";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PlatformUnderTest platform;
    private FakeAnthropic upstream;

    @BeforeAll
    void startPlatform() throws Exception {
        upstream = new FakeAnthropic();
        platform = new PlatformUnderTest(
                "anthropic",
                REDIS_DB,
                Map.of(
                        "PLATFORM_DEV_KEY",
                        DEV_KEY,
                        "ANTHROPIC_BASE_URL",
                        upstream.baseUrl(),
                        "ANTHROPIC_API_KEY",
                        API_KEY,
                        // the failure cases must reach the upstream every time, not an open breaker
                        "PLATFORM_ORCHESTRATOR_RESILIENCE_FAILURE_THRESHOLD",
                        "1000",
                        "PLATFORM_ORCHESTRATOR_RESILIENCE_CALL_TIMEOUT",
                        "2s",
                        "PLATFORM_ORCHESTRATOR_RESILIENCE_RETRY_MAX_ATTEMPTS",
                        "1"));
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
    void aQualityAgentAnswersThroughTheMessagesApiWithItsSystemPromptAndTheClientsParameters() throws Exception {
        HttpResponse<String> response =
                post("{\"model\":\"rust\",\"temperature\":0.25,\"max_tokens\":77,\"stop\":[\"END\"],"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Explain lifetimes in Rust\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Agent")).hasValue("rust");
        assertThat(JSON.readTree(response.body())
                        .at("/choices/0/message/content")
                        .asString())
                .startsWith("Answer from claude-sonnet-4");
        FakeAnthropic.Received received = upstream.requests().get(0);
        assertThat(header(received, "x-api-key")).isEqualTo(API_KEY);
        assertThat(header(received, "anthropic-version")).isNotBlank();
        JsonNode body = received.body();
        assertThat(body.get("model").asString()).startsWith("claude-sonnet-4");
        assertThat(body.get("system").toString()).contains("senior Rust engineer");
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.25);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(77);
        assertThat(body.get("stop_sequences").get(0).asString()).isEqualTo("END");
        JsonNode last = body.get("messages").get(body.get("messages").size() - 1);
        assertThat(last.get("role").asString()).isEqualTo("user");
        assertThat(last.toString()).contains("Explain lifetimes in Rust");
    }

    @Test
    void aStreamedAnswerComesFromTheMessagesStream() throws Exception {
        HttpResponse<String> response = post("{\"model\":\"rust\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Count to five in Rust\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body())
                .contains("streamed")
                .contains("claude-sonnet-4")
                .doesNotContainIgnoringCase("simulated")
                .endsWith("[DONE]\n\n");
        assertThat(upstream.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.body().get("stream").asBoolean()).isTrue());
    }

    @Test
    void anUpstreamThatAnswersGarbageRefusesTheKeyOrHangsIsAProblemResponseNeverA500() throws Exception {
        for (FakeAnthropic.Mode mode :
                List.of(FakeAnthropic.Mode.GARBAGE, FakeAnthropic.Mode.UNAUTHORIZED, FakeAnthropic.Mode.HANG)) {
            upstream.reset();
            upstream.mode(mode);

            // the model addressed directly: no other agent of the team steps in with an answer
            HttpResponse<String> response = post("{\"model\":\"claude-sonnet-4-20250514\",\"messages\":[{"
                    + "\"role\":\"user\",\"content\":\"Explain borrowing in Rust, " + mode + "\"}]}");

            assertThat(response.statusCode()).as(mode + ": " + response.body()).isIn(502, 503, 504);
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(mode.name())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(upstream.requests()).as(mode.name()).isNotEmpty();
        }
        upstream.reset();
        HttpResponse<String> recovered =
                post("{\"model\":\"claude-sonnet-4-20250514\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Explain traits in Rust\"}]}");
        assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(200);
        assertThat(recovered.headers().firstValue("X-Agent")).hasValue("-");
        assertThat(recovered.body()).contains("Answer from claude-sonnet-4");
    }

    private static String header(FakeAnthropic.Received received, String name) {
        return received.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse(null);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return platform.post("/v1/chat/completions", DEV_KEY, body);
    }
}
