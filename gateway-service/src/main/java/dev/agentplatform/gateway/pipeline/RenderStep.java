package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.common.Headers;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.gateway.cache.CachedAnswer;
import dev.agentplatform.gateway.chat.ChatCompletion;
import dev.agentplatform.gateway.chat.ChatCompletionRequest;
import dev.agentplatform.gateway.chat.ChatCompletions;
import dev.agentplatform.gateway.chat.ChunkStream;
import dev.agentplatform.gateway.downstream.DownstreamProblem;
import dev.agentplatform.gateway.downstream.RouterClient;
import dev.agentplatform.gateway.guard.InputGuard;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns whatever answered into the OpenAI response: one {@code chat.completion} document, or an event
 * stream of {@code chat.completion.chunk}s ending with {@code [DONE]}, with the platform headers
 * ({@code X-Agent}, {@code X-Strategy}, {@code X-Cache}, {@code X-Cost-USD}, {@code X-Guard}). A
 * stream from the router passes on piece by piece as it comes; cached answers go out as stored. The
 * agents' answer, once whole, is handed to the exchange's finish callbacks (tokens settled, caches
 * filled) before its (last) bytes go out; a stream that breaks off ends with an OpenAI error chunk
 * and no {@code [DONE]}. A downstream problem is relayed as it came. Every body is raw bytes, so the
 * JSON, the stream and the relayed problem each keep their own framing. Acts on the way back only,
 * so it sits early in the chain, as SCG's response-writing filter does.
 */
@Component
class RenderStep implements ChatStep {

    static final int ORDER = 300;

    /** Header of a semantic hit: the similarity of the prompt it was stored for. */
    static final String SIMILARITY = "X-Cache-Similarity";

    private static final Logger log = LoggerFactory.getLogger(RenderStep.class);

    private static final int WORDS_PER_CHUNK = 3;
    private static final MediaType EVENT_STREAM = new MediaType("text", "event-stream", StandardCharsets.UTF_8);
    private static final String EVENT_STREAM_TYPE = EVENT_STREAM.toString();
    private static final String JSON_TYPE = MediaType.APPLICATION_JSON_VALUE;
    private static final String ERROR_EVENT = "error";

    private final JsonMapper json;
    private final Clock clock;

    @Autowired
    RenderStep(JsonMapper json) {
        this(json, Clock.systemUTC());
    }

    RenderStep(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Mono<ChatReply> apply(ChatExchange exchange, ChatChain chain) {
        return chain.next(exchange)
                .flatMap(reply -> render(exchange, reply))
                .onErrorResume(DownstreamProblem.class, problem -> Mono.just(relay(problem, buffers(exchange))));
    }

    private Mono<ChatReply> render(ChatExchange exchange, ChatReply reply) {
        if (reply instanceof ChatReply.Replayed replayed) {
            return Mono.just(replay(exchange, replayed.answer()));
        }
        if (reply instanceof ChatReply.Answered answered) {
            return whole(exchange, answered);
        }
        if (reply instanceof ChatReply.Streaming streaming) {
            if (streaming.costDowngraded() != null) {
                // as for a whole answer; a stream's headers go out with its first frame
                exchange.web().getResponse().getHeaders().set(Headers.COST_DOWNGRADED, streaming.costDowngraded());
            }
            return Mono.just(respondStream(
                    exchange,
                    streaming.agent(),
                    streaming.strategy(),
                    null,
                    ChatReply.MISS,
                    null,
                    chunks(exchange, streaming.events())));
        }
        return Mono.just(reply);
    }

    private ChatReply replay(ChatExchange exchange, CachedAnswer answer) {
        return respond(
                exchange,
                answer.contentType(),
                answer.agent(),
                answer.strategy(),
                "0",
                ChatReply.HIT_EXACT,
                null,
                List.of(answer.body()));
    }

    /** A whole answer: rendered, handed to the finish callbacks when fresh, then sent. */
    private Mono<ChatReply> whole(ChatExchange exchange, ChatReply.Answered answered) {
        TaskResult result = answered.result();
        List<byte[]> frames = frames(exchange.request(), result);
        String contentType = exchange.request().isStream() ? EVENT_STREAM_TYPE : JSON_TYPE;
        boolean fresh = ChatReply.MISS.equals(answered.cacheOutcome());
        if (fresh && result.costDowngraded() != null) {
            // a budget moved this answer to a cheaper model: the client is told which
            exchange.web().getResponse().getHeaders().set(Headers.COST_DOWNGRADED, result.costDowngraded());
        }
        Mono<Void> finished = fresh
                ? exchange.finished(new ChatExchange.Finished(result, contentType, concat(frames)))
                : Mono.empty();
        return finished.then(Mono.fromSupplier(() -> respond(
                exchange,
                contentType,
                agent(result),
                strategy(result),
                fresh ? cost(result) : "0",
                answered.cacheOutcome(),
                answered.similarity(),
                frames)));
    }

    /** The frames of an answer: one JSON document, or the chunks of a stream and {@code [DONE]}. */
    private List<byte[]> frames(ChatCompletionRequest request, TaskResult result) {
        if (!request.isStream()) {
            return List.of(json.writeValueAsBytes(ChatCompletions.toCompletion(result, request.model(), now())));
        }
        List<ChatCompletion.Chunk> chunks = ChatCompletions.toChunks(
                result, request.model(), now(), WORDS_PER_CHUNK, request.includeUsageInStream());
        // framed by hand, as ChunkStream explains
        List<byte[]> frames = new ArrayList<>(chunks.size() + 1);
        for (ChatCompletion.Chunk chunk : chunks) {
            frames.add(ChunkStream.frame(json.writeValueAsString(chunk)));
        }
        frames.add(ChunkStream.frame("[DONE]"));
        return frames;
    }

    /**
     * The router's events as OpenAI chunks, as they come. At the result the finish callbacks run
     * with every byte sent before the last frames go out; an error event, a broken or an unfinished
     * stream end with an error chunk after the broken-off callbacks.
     */
    private Flux<byte[]> chunks(ChatExchange exchange, Flux<ServerSentEvent<String>> events) {
        ChatCompletionRequest request = exchange.request();
        ChunkStream chunks = new ChunkStream(
                json, "chatcmpl-" + UUID.randomUUID(), request.model(), now(), request.includeUsageInStream());
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        AtomicBoolean ended = new AtomicBoolean();
        return events.concatMap(event -> {
                    String name = event.event() == null ? "" : event.event();
                    switch (name) {
                        case RouteStep.DELTA_EVENT -> {
                            JsonNode delta = json.readTree(event.data());
                            return Flux.fromIterable(
                                    chunks.delta(delta.path("content").asString("")));
                        }
                        case RouterClient.RESULT_EVENT -> {
                            ended.set(true);
                            TaskResult result = json.readValue(event.data(), TaskResult.class);
                            List<byte[]> last = chunks.finish(result);
                            byte[] body = concat(List.of(sent.toByteArray(), concat(last)));
                            return exchange.finished(new ChatExchange.Finished(result, EVENT_STREAM_TYPE, body))
                                    .thenMany(Flux.fromIterable(last));
                        }
                        case ERROR_EVENT -> {
                            ended.set(true);
                            return exchange.brokenOff().thenMany(Flux.just(chunks.error(json.readTree(event.data()))));
                        }
                        default -> {
                            return Flux.empty();
                        }
                    }
                })
                .onErrorResume(e -> {
                    if (ended.getAndSet(true)) {
                        return Flux.error(e);
                    }
                    log.warn("stream of request {} broke off: {}", exchange.requestId(), e.toString());
                    return exchange.brokenOff().thenMany(Flux.just(chunks.error(null)));
                })
                .concatWith(Flux.defer(() -> {
                    if (ended.getAndSet(true)) {
                        return Flux.empty();
                    }
                    log.warn("stream of request {} ended without its result", exchange.requestId());
                    return exchange.brokenOff().thenMany(Flux.just(chunks.error(null)));
                }))
                .doOnNext(sent::writeBytes);
    }

    private ChatReply respond(
            ChatExchange exchange,
            String contentType,
            String agent,
            String strategy,
            String cost,
            String cacheOutcome,
            String similarity,
            List<byte[]> frames) {
        if (contentType.equals(EVENT_STREAM_TYPE)) {
            return respondStream(exchange, agent, strategy, cost, cacheOutcome, similarity, Flux.fromIterable(frames));
        }
        byte[] body = frames.size() == 1 ? frames.get(0) : concat(frames);
        HttpHeaders headers = headers(exchange, agent, strategy, cost, cacheOutcome, similarity);
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(body.length);
        return new ChatReply.Rendered(ResponseEntity.ok()
                .headers(headers)
                .body(Flux.just(buffers(exchange).wrap(body))));
    }

    /** A stream, each frame written as it comes. */
    private ChatReply respondStream(
            ChatExchange exchange,
            String agent,
            String strategy,
            String cost,
            String cacheOutcome,
            String similarity,
            Flux<byte[]> frames) {
        HttpHeaders headers = headers(exchange, agent, strategy, cost, cacheOutcome, similarity);
        headers.setCacheControl(CacheControl.noCache());
        headers.set("X-Accel-Buffering", "no");
        headers.setContentType(EVENT_STREAM);
        DataBufferFactory buffers = buffers(exchange);
        return new ChatReply.Rendered(ResponseEntity.ok().headers(headers).body(frames.map(buffers::wrap)));
    }

    private static HttpHeaders headers(
            ChatExchange exchange, String agent, String strategy, String cost, String cacheOutcome, String similarity) {
        HttpHeaders headers = new HttpHeaders();
        if (agent != null) {
            headers.set(Headers.AGENT, agent);
        }
        if (strategy != null) {
            headers.set(Headers.STRATEGY, strategy);
        }
        headers.set(Headers.CACHE, cacheOutcome);
        if (cost != null) {
            headers.set(Headers.COST_USD, cost);
        }
        if (similarity != null) {
            headers.set(SIMILARITY, similarity);
        }
        if (exchange.flagged()) {
            headers.set(InputGuard.FLAGGED_HEADER, "flagged");
        }
        return headers;
    }

    private static ChatReply relay(DownstreamProblem problem, DataBufferFactory buffers) {
        ResponseEntity<byte[]> response = problem.toResponse();
        return new ChatReply.Rendered(ResponseEntity.status(response.getStatusCode())
                .headers(response.getHeaders())
                .body(Flux.just(buffers.wrap(response.getBody()))));
    }

    private static DataBufferFactory buffers(ChatExchange exchange) {
        return exchange.web().getResponse().bufferFactory();
    }

    private static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /**
     * {@code X-Agent} of a whole answer: every agent that contributed, in order, joined by a comma
     * (a CASCADE's drafts and refinements); {@code -} for a catalog model addressed directly.
     */
    static String agent(TaskResult result) {
        List<String> contributors = result.contributors();
        return contributors.isEmpty() ? null : String.join(",", contributors);
    }

    static String strategy(TaskResult result) {
        return result.strategy() == null ? null : result.strategy().name();
    }

    private static String cost(TaskResult result) {
        BigDecimal cost = result.costUsd() == null ? BigDecimal.ZERO : result.costUsd();
        return cost.toPlainString();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
