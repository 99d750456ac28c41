package dev.agentplatform.gateway.chat;

import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.gateway.downstream.DownstreamProblem;
import dev.agentplatform.gateway.downstream.RouterClient;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.ReactiveRequestIdFilter;
import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/chat/completions}. The router answers a task whole, so a streamed answer is cut
 * into chunks here; the response is committed only once the router has answered, which lets a
 * router problem reach the client with its own status even when a stream was asked for.
 */
@RestController
class ChatCompletionController {

    /** Cache outcome of an answer that came from the agents, not from a cache. */
    static final String CACHE_MISS = "MISS";

    private static final int WORDS_PER_CHUNK = 3;
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");
    private static final MediaType EVENT_STREAM = new MediaType("text", "event-stream", StandardCharsets.UTF_8);

    private final RouterClient router;
    private final JsonMapper json;
    private final Clock clock;

    ChatCompletionController(RouterClient router, JsonMapper json) {
        this.router = router;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    /**
     * Every answer is written as raw bytes: the declared body type has to be the same for the JSON,
     * the stream and the relayed problem, and only {@code DataBuffer} lets each keep its own framing.
     */
    @PostMapping("/v1/chat/completions")
    Mono<ResponseEntity<Flux<DataBuffer>>> complete(
            @Valid @RequestBody ChatCompletionRequest request,
            @RequestHeader(name = Headers.CONVERSATION_ID, required = false) String conversationId,
            ServerWebExchange exchange) {
        if (conversationId != null && !SAFE_ID.matcher(conversationId).matches()) {
            throw new PlatformException(
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST,
                    "Invalid request",
                    Headers.CONVERSATION_ID + " must be 1 to 200 of A-Z a-z 0-9 . _ : @ -");
        }
        Caller caller = Caller.of(exchange);
        String requestId = ReactiveRequestIdFilter.requestId(exchange);
        DataBufferFactory buffers = exchange.getResponse().bufferFactory();
        return router.submitTask(ChatCompletions.toTask(request, caller.userId(), conversationId), caller, requestId)
                .map(result -> request.isStream() ? stream(request, result, buffers) : whole(request, result, buffers))
                .onErrorResume(DownstreamProblem.class, problem -> Mono.just(relay(problem, buffers)));
    }

    private ResponseEntity<Flux<DataBuffer>> whole(
            ChatCompletionRequest request, TaskResult result, DataBufferFactory buffers) {
        byte[] body = json.writeValueAsBytes(ChatCompletions.toCompletion(result, request.model(), now()));
        return ResponseEntity.ok()
                .headers(platformHeaders(result))
                .contentType(MediaType.APPLICATION_JSON)
                .contentLength(body.length)
                .body(Flux.just(buffers.wrap(body)));
    }

    private ResponseEntity<Flux<DataBuffer>> stream(
            ChatCompletionRequest request, TaskResult result, DataBufferFactory buffers) {
        List<ChatCompletion.Chunk> chunks = ChatCompletions.toChunks(
                result, request.model(), now(), WORDS_PER_CHUNK, request.includeUsageInStream());
        // framed by hand: Spring's SSE writer omits the space after "data:" that OpenAI clients
        // and line-oriented tools expect
        Flux<DataBuffer> frames = Flux.fromIterable(chunks)
                .map(json::writeValueAsString)
                .concatWithValues("[DONE]")
                .map(data -> buffers.wrap(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8)));
        return ResponseEntity.ok()
                .headers(platformHeaders(result))
                .cacheControl(CacheControl.noCache())
                .header("X-Accel-Buffering", "no")
                .contentType(EVENT_STREAM)
                .body(frames);
    }

    private static ResponseEntity<Flux<DataBuffer>> relay(DownstreamProblem problem, DataBufferFactory buffers) {
        ResponseEntity<byte[]> response = problem.toResponse();
        return ResponseEntity.status(response.getStatusCode())
                .headers(response.getHeaders())
                .body(Flux.just(buffers.wrap(response.getBody())));
    }

    private static HttpHeaders platformHeaders(TaskResult result) {
        HttpHeaders headers = new HttpHeaders();
        if (result.agent() != null) {
            headers.set(Headers.AGENT, result.agent());
        }
        if (result.strategy() != null) {
            headers.set(Headers.STRATEGY, result.strategy().name());
        }
        headers.set(Headers.CACHE, CACHE_MISS);
        BigDecimal cost = result.costUsd() == null ? BigDecimal.ZERO : result.costUsd();
        headers.set(Headers.COST_USD, cost.toPlainString());
        return headers;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
