package dev.agentplatform.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.gateway.chat.ChatCompletionRequest;
import dev.agentplatform.support.PlatformException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class ValidateStepTest {

    private final ValidateStep step = new ValidateStep(
            jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator());
    private final Exchanges.Chain chain = Exchanges.answering();

    @Test
    void passesAValidRequestOn() {
        step.apply(Exchanges.of(parts("{\"type\": \"text\", \"text\": \"hi\"}"), "conv-1", null), chain)
                .block();
        assertThat(chain.calls).hasValue(1);
    }

    @Test
    void refusesAConversationIdThatIsNotAnId() {
        assertThatThrownBy(() ->
                        step.apply(Exchanges.of(parts("{\"type\": \"text\", \"text\": \"hi\"}"), "../x", null), chain))
                .isInstanceOfSatisfying(
                        PlatformException.class,
                        e -> assertThat(e.status().value()).isEqualTo(400))
                .hasMessageContaining("X-Conversation-Id");
        assertThat(chain.calls).hasValue(0);
    }

    @Test
    void refusesAContentPartThatIsNotTextNamingIt() {
        assertThatThrownBy(() -> step.apply(
                        Exchanges.of(parts("{\"type\": \"text\", \"text\": \"look\"}, {\"type\": \"input_audio\"}")),
                        chain))
                .isInstanceOfSatisfying(
                        PlatformException.class,
                        e -> assertThat(e.status().value()).isEqualTo(400))
                .hasMessageContaining("messages[0].content[1]")
                .hasMessageContaining("input_audio");
        assertThatThrownBy(() -> step.apply(Exchanges.of(parts("{\"type\": \"text\"}")), chain))
                .hasMessageContaining("messages[0].content[0].text must be a string");
        assertThatThrownBy(() -> step.apply(Exchanges.of(parts("null")), chain))
                .hasMessageContaining("messages[0].content[0] must be a content part object");
        assertThatThrownBy(() -> step.apply(Exchanges.of(parts("{\"type\": \"<script>\"}")), chain))
                .hasMessageContaining("without a known type")
                .hasMessageNotContaining("<script>");
    }

    @Test
    void refusesAModelTheKeyMayNotUse() {
        ChatCompletionRequest request = Exchanges.JSON.readValue(
                "{\"model\": \"python\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                ChatCompletionRequest.class);
        ChatExchange exchange = new ChatExchange(
                request,
                new Caller("dev", "pro", false, "k1", Set.of("sql"), 0),
                null,
                null,
                MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions")));

        assertThatThrownBy(() -> step.apply(exchange, chain))
                .isInstanceOfSatisfying(
                        PlatformException.class,
                        e -> assertThat(e.status().value()).isEqualTo(403))
                .hasMessageContaining("python");
    }

    private static String parts(String parts) {
        return "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": [" + parts + "]}]}";
    }
}
