package dev.agentplatform.orchestrator.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.List;

/** The Anthropic adapter against the Messages API wire format. */
class AnthropicProviderTest extends LlmProviderContractTest {

    @Override
    String type() {
        return LangChainProvider.ANTHROPIC;
    }

    @Override
    String baseUrl() {
        return server.baseUrl() + "/v1/";
    }

    @Override
    String path() {
        return "/v1/messages";
    }

    @Override
    String success(String text, int inputTokens, int outputTokens) {
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"test-model\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":" + inputTokens + ",\"output_tokens\":" + outputTokens + "}}";
    }

    @Override
    String streamed(List<String> pieces, int inputTokens, int outputTokens) {
        StringBuilder events = new StringBuilder(start(inputTokens));
        pieces.forEach(piece -> events.append(delta(piece)));
        events.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        events.append(event(
                "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":" + outputTokens + "}}"));
        return events.append(event("message_stop", "{\"type\":\"message_stop\"}"))
                .toString();
    }

    @Override
    String streamStart(String piece) {
        return start(1) + delta(piece);
    }

    private static String start(int inputTokens) {
        return event(
                        "message_start",
                        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                                + "\"role\":\"assistant\",\"model\":\"test-model\",\"content\":[],\"stop_reason\":null,"
                                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + inputTokens
                                + ",\"output_tokens\":1}}}")
                + event(
                        "content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    }

    private static String delta(String piece) {
        return event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + piece
                        + "\"}}");
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    @Override
    void verifyKeySent(String key) {
        server.verify(postRequestedFor(urlPathEqualTo(path())).withHeader("x-api-key", equalTo(key)));
    }
}
