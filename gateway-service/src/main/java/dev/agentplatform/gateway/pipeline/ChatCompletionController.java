package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.common.Headers;
import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.gateway.chat.ChatCompletionRequest;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/chat/completions}: the body decoded, then the {@link ChatPipeline}, whose first step
 * validates it (authentication, the rate limits and the exact-hit fast path ran before, as web
 * filters).
 */
@RestController
class ChatCompletionController {

    private final ChatPipeline pipeline;

    ChatCompletionController(ChatPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @PostMapping("/v1/chat/completions")
    Mono<ResponseEntity<Flux<DataBuffer>>> complete(
            @RequestBody ChatCompletionRequest request,
            @RequestHeader(name = Headers.CONVERSATION_ID, required = false) String conversationId,
            @RequestHeader(name = HttpHeaders.CACHE_CONTROL, required = false) String cacheControl,
            ServerWebExchange exchange) {
        return pipeline.run(new ChatExchange(request, Caller.of(exchange), conversationId, cacheControl, exchange));
    }
}
