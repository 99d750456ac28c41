package dev.agentplatform.orchestrator.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.List;

/** The OpenAI-compatible adapter (OpenAI, Groq, Together, vLLM, Ollama) against its wire format. */
class OpenAiCompatibleProviderTest extends LlmProviderContractTest {

    @Override
    String type() {
        return LangChainProvider.OPENAI_COMPATIBLE;
    }

    @Override
    String baseUrl() {
        return server.baseUrl() + "/v1";
    }

    @Override
    String path() {
        return "/v1/chat/completions";
    }

    @Override
    String success(String text, int inputTokens, int outputTokens) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"test-model\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + inputTokens
                + ",\"completion_tokens\":" + outputTokens + ",\"total_tokens\":" + (inputTokens + outputTokens) + "}}";
    }

    @Override
    String streamed(List<String> pieces, int inputTokens, int outputTokens) {
        StringBuilder events = new StringBuilder(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        pieces.forEach(piece -> events.append(chunk("{\"content\":\"" + piece + "\"}", null)));
        events.append(chunk("{}", "\"stop\""));
        events.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"test-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + inputTokens
                + ",\"completion_tokens\":" + outputTokens + ",\"total_tokens\":" + (inputTokens + outputTokens)
                + "}}\n\n");
        return events.append("data: [DONE]\n\n").toString();
    }

    @Override
    String streamStart(String piece) {
        return chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)
                + chunk("{\"content\":\"" + piece + "\"}", null);
    }

    private static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"test-model\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + finishReason + "}]}\n\n";
    }

    @Override
    void verifyKeySent(String key) {
        server.verify(postRequestedFor(urlPathEqualTo(path())).withHeader("Authorization", equalTo("Bearer " + key)));
    }
}
