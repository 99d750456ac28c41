package dev.agentplatform.orchestrator.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

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
    void verifyKeySent(String key) {
        server.verify(postRequestedFor(urlPathEqualTo(path())).withHeader("x-api-key", equalTo(key)));
    }
}
