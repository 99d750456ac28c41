package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.common.Strategy;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.common.TokenUsage;
import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.gateway.chat.ChatCompletionRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Chat exchanges and chains for testing one step alone, on a {@link MockServerWebExchange}. */
final class Exchanges {

    static final JsonMapper JSON = new JsonMapper();

    static final Caller CALLER = new Caller("dev", "pro", false);

    static final TaskResult RESULT = new TaskResult(
            "t-1",
            "sql",
            "data",
            Strategy.SINGLE,
            "SELECT 1;",
            "simulated",
            "simulated-cheap",
            true,
            new TokenUsage(12, 20),
            new BigDecimal("0.000123"),
            42,
            List.of(),
            null);

    private Exchanges() {}

    /** The request in {@code json} (an OpenAI body), from {@link #CALLER}. */
    static ChatExchange of(String json) {
        return of(json, null, null);
    }

    static ChatExchange of(String json, String conversationId, String cacheControl) {
        ChatCompletionRequest request = JSON.readValue(json, ChatCompletionRequest.class);
        MockServerWebExchange web = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions"));
        return new ChatExchange(request, CALLER, conversationId, cacheControl, web);
    }

    /** A one-message request. */
    static ChatExchange asking(String prompt) {
        return of("{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": "
                + JSON.writeValueAsString(prompt) + "}]}");
    }

    /** The same, asking for a stream. */
    static ChatExchange streaming(String prompt) {
        return of("{\"model\": \"auto\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": "
                + JSON.writeValueAsString(prompt) + "}]}");
    }

    /** A chain that answers {@code reply} and counts its calls. */
    static final class Chain implements ChatChain {

        final AtomicInteger calls = new AtomicInteger();
        private final ChatReply reply;

        Chain(ChatReply reply) {
            this.reply = reply;
        }

        @Override
        public Mono<ChatReply> next(ChatExchange exchange) {
            calls.incrementAndGet();
            return Mono.just(reply);
        }
    }

    /** A chain that answers the agents' {@link #RESULT}. */
    static Chain answering() {
        return new Chain(new ChatReply.Answered(RESULT, ChatReply.MISS, null));
    }

    /** The body of a rendered reply, as text. */
    static String body(ChatReply reply) {
        ResponseEntity<Flux<DataBuffer>> response = ((ChatReply.Rendered) reply).response();
        return DataBufferUtils.join(response.getBody())
                .map(buffer -> {
                    String text = buffer.toString(StandardCharsets.UTF_8);
                    DataBufferUtils.release(buffer);
                    return text;
                })
                .defaultIfEmpty("")
                .block();
    }
}
