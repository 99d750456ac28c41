package dev.agentplatform.gateway.chat;

import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.TaskRequest;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.gateway.cache.CacheDirectives;
import dev.agentplatform.gateway.cache.CacheMetrics;
import dev.agentplatform.gateway.cache.CachedAnswer;
import dev.agentplatform.gateway.cache.ExactCache;
import dev.agentplatform.gateway.downstream.DownstreamProblem;
import dev.agentplatform.gateway.downstream.RouterClient;
import dev.agentplatform.gateway.guard.GuardVerdict;
import dev.agentplatform.gateway.guard.InputGuard;
import dev.agentplatform.gateway.metrics.DownstreamTime;
import dev.agentplatform.gateway.ratelimit.TokenLimiter;
import dev.agentplatform.gateway.semantic.PromptEmbedder;
import dev.agentplatform.gateway.semantic.SemanticCache;
import dev.agentplatform.gateway.semantic.SemanticHit;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.ReactiveRequestIdFilter;
import jakarta.validation.Valid;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/chat/completions}, as a pipeline: (authentication and rate limits run as filters
 * before the body is read, validation as it is read) input guard, exact cache, prompt embedding,
 * semantic cache, router, then both caches are filled. A streamed answer passes through as the
 * agents produce it (the router's stream translated into OpenAI chunks); the response is committed
 * only once the router has answered or sent its first event, which lets a router problem reach the
 * client with its own status even when a stream was asked for. Cached answers are replayed whole.
 */
@RestController
class ChatCompletionController {

    /** Cache outcome of an answer that came from the agents, not from a cache. */
    static final String CACHE_MISS = "MISS";

    static final String HIT_EXACT = "HIT-EXACT";
    static final String HIT_SEMANTIC = "HIT-SEMANTIC";
    static final String SIMILARITY = "X-Cache-Similarity";
    static final String GUARD = "X-Guard";

    private static final Logger log = LoggerFactory.getLogger(ChatCompletionController.class);

    private static final int WORDS_PER_CHUNK = 3;
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");
    private static final MediaType EVENT_STREAM = new MediaType("text", "event-stream", StandardCharsets.UTF_8);
    private static final String EVENT_STREAM_TYPE = EVENT_STREAM.toString();
    private static final String JSON_TYPE = MediaType.APPLICATION_JSON_VALUE;
    /** The router's events carrying a piece of the answer and the problem that broke it off. */
    private static final String DELTA_EVENT = "delta";

    private static final String ERROR_EVENT = "error";
    /** How long the router's stream waits for the response body once its first event was seen. */
    private static final Duration STREAM_HANDOVER = Duration.ofSeconds(5);

    private static final Pattern HEADER_TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final RouterClient router;
    private final JsonMapper json;
    private final JsonMapper canonicalJson;
    private final InputGuard guard;
    private final ExactCache exactCache;
    private final CacheMetrics cacheMetrics;
    private final PromptEmbedder embedder;
    private final SemanticCache semanticCache;
    private final TokenLimiter tokenLimiter;
    private final Clock clock;

    ChatCompletionController(
            RouterClient router,
            JsonMapper json,
            InputGuard guard,
            ExactCache exactCache,
            CacheMetrics cacheMetrics,
            PromptEmbedder embedder,
            SemanticCache semanticCache,
            TokenLimiter tokenLimiter) {
        this.router = router;
        this.json = json;
        this.canonicalJson = JsonMapper.builder()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
        this.guard = guard;
        this.exactCache = exactCache;
        this.cacheMetrics = cacheMetrics;
        this.embedder = embedder;
        this.semanticCache = semanticCache;
        this.tokenLimiter = tokenLimiter;
        this.clock = Clock.systemUTC();
    }

    /** One request on its way through the pipeline. */
    private record Call(
            ChatCompletionRequest request,
            TaskRequest task,
            Caller caller,
            String requestId,
            String scope,
            String cacheKey,
            boolean noCache,
            boolean noStore,
            boolean flagged,
            DataBufferFactory buffers,
            ServerWebExchange exchange) {}

    /**
     * Every answer is written as raw bytes: the declared body type has to be the same for the JSON,
     * the stream and the relayed problem, and only {@code DataBuffer} lets each keep its own framing.
     */
    @PostMapping("/v1/chat/completions")
    Mono<ResponseEntity<Flux<DataBuffer>>> complete(
            @Valid @RequestBody ChatCompletionRequest request,
            @RequestHeader(name = Headers.CONVERSATION_ID, required = false) String conversationId,
            @RequestHeader(name = HttpHeaders.CACHE_CONTROL, required = false) String cacheControl,
            ServerWebExchange exchange) {
        if (conversationId != null && !SAFE_ID.matcher(conversationId).matches()) {
            throw new PlatformException(
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST,
                    "Invalid request",
                    Headers.CONVERSATION_ID + " must be 1 to 200 of A-Z a-z 0-9 . _ : @ -");
        }
        Caller caller = Caller.of(exchange);
        if (!caller.mayUse(request.model())) {
            throw new PlatformException(
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "Forbidden",
                    "This key may not use the model " + request.model());
        }
        TaskRequest task = ChatCompletions.toTask(request, caller.userId(), conversationId);
        GuardVerdict verdict = guard.check(ChatCompletions.guardText(request), caller.tier());
        if (verdict.blocked()) {
            log.info("input guard blocked a request of {}: {}", caller.userId(), verdict.reason());
            throw new PlatformException(
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "Forbidden",
                    "The request was refused by the input guard as a likely prompt injection");
        }
        boolean noCache = CacheDirectives.has(cacheControl, "no-cache");
        boolean noStore = CacheDirectives.has(cacheControl, "no-store");
        String scope = exactCache.scope(caller.userId(), request.model());
        String cacheKey = exactCache.enabled()
                ? exactCache.key(scope, ChatCompletions.canonical(request, conversationId, canonicalJson))
                : null;
        Call call = new Call(
                request,
                task,
                caller,
                ReactiveRequestIdFilter.requestId(exchange),
                scope,
                cacheKey,
                noCache,
                noStore,
                verdict.action() == GuardVerdict.Action.FLAG,
                exchange.getResponse().bufferFactory(),
                exchange);
        Mono<Optional<CachedAnswer>> lookup;
        if (cacheKey == null || noCache) {
            cacheMetrics.record(CacheMetrics.Type.EXACT, CacheMetrics.Outcome.BYPASS);
            lookup = Mono.just(Optional.empty());
        } else {
            lookup = exactCache.get(cacheKey);
        }
        return lookup.flatMap(hit -> {
                    if (hit.isPresent()) {
                        if (cacheKey != null && !noCache) {
                            cacheMetrics.record(CacheMetrics.Type.EXACT, CacheMetrics.Outcome.HIT);
                        }
                        return Mono.just(replay(call, hit.get(), HIT_EXACT));
                    }
                    if (cacheKey != null && !noCache) {
                        cacheMetrics.record(CacheMetrics.Type.EXACT, CacheMetrics.Outcome.MISS);
                    }
                    return answer(call);
                })
                .onErrorResume(DownstreamProblem.class, problem -> Mono.just(relay(problem, call.buffers())));
    }

    /**
     * After an exact miss: the prompt is embedded once, the embedding serves the semantic cache
     * and travels to the router, and a fresh answer is stored in both caches before it is sent.
     */
    private Mono<ResponseEntity<Flux<DataBuffer>>> answer(Call call) {
        String prompt = call.task().prompt();
        boolean semantic = ChatCompletions.singleTurn(call.request());
        String semanticScope = ChatCompletions.semanticScope(call.scope(), call.request(), canonicalJson);
        return embedder.embed(prompt)
                .map(Optional::of)
                .onErrorResume(e -> {
                    // without an embedding the router embeds itself and the semantic cache is skipped
                    log.warn("prompt embedding failed: {}", e.toString());
                    return Mono.just(Optional.empty());
                })
                .flatMap(embedding -> {
                    if (!semantic || call.noCache() || embedding.isEmpty()) {
                        cacheMetrics.record(CacheMetrics.Type.SEMANTIC, CacheMetrics.Outcome.BYPASS);
                        return route(call, embedding, semantic, semanticScope);
                    }
                    return semanticCache
                            .lookup(semanticScope, call.request().model(), prompt, embedding.get())
                            .flatMap(hit -> {
                                if (hit.isPresent()) {
                                    Optional<ResponseEntity<Flux<DataBuffer>>> replayed =
                                            replaySemantic(call, hit.get());
                                    if (replayed.isPresent()) {
                                        cacheMetrics.record(CacheMetrics.Type.SEMANTIC, CacheMetrics.Outcome.HIT);
                                        return Mono.just(replayed.get());
                                    }
                                }
                                cacheMetrics.record(CacheMetrics.Type.SEMANTIC, CacheMetrics.Outcome.MISS);
                                return route(call, embedding, semantic, semanticScope);
                            });
                });
    }

    /**
     * The answer from the agents, stored in the caches before it is sent. Only this path uses
     * tokens: an estimate is reserved against the key's tokens-per-minute budget before the router
     * call (a 429 problem when it does not fit), settled with the answer's usage, released on a
     * failure.
     */
    private Mono<ResponseEntity<Flux<DataBuffer>>> route(
            Call call, Optional<float[]> embedding, boolean semantic, String semanticScope) {
        long estimate = tokenLimiter.estimate(
                promptChars(call.request()), call.request().maxTokens());
        return tokenLimiter
                .reserve(call.caller(), estimate)
                .flatMap(reservation -> route(call, embedding, semantic, semanticScope, reservation));
    }

    private Mono<ResponseEntity<Flux<DataBuffer>>> route(
            Call call,
            Optional<float[]> embedding,
            boolean semantic,
            String semanticScope,
            TokenLimiter.Reservation reservation) {
        HttpHeaders responseHeaders = call.exchange().getResponse().getHeaders();
        reservation.writeHeaders(responseHeaders, reservation.remaining());
        AtomicBoolean answered = new AtomicBoolean();
        long started = System.nanoTime();
        String header = embedding.map(PromptEmbedder::toHeaderValue).orElse(null);
        if (call.request().isStream()) {
            return routeStreamed(call, embedding, semantic, semanticScope, reservation, header);
        }
        return router.submitTask(call.task(), call.caller(), call.requestId(), header)
                .doOnTerminate(() -> DownstreamTime.add(call.exchange(), System.nanoTime() - started))
                .doOnEach(signal -> answered.set(true))
                .onErrorResume(e -> tokenLimiter.release(reservation).then(Mono.error(e)))
                .doOnCancel(() -> {
                    // the client went away before the router answered
                    if (!answered.get()) {
                        tokenLimiter.release(reservation).subscribe();
                    }
                })
                .flatMap(result -> whole(call, result, embedding, semantic, semanticScope, reservation));
    }

    /** A whole answer: tokens settled, stored in the caches, then sent (as JSON or cut into chunks). */
    private Mono<ResponseEntity<Flux<DataBuffer>>> whole(
            Call call,
            TaskResult answer,
            Optional<float[]> embedding,
            boolean semantic,
            String semanticScope,
            TokenLimiter.Reservation reservation) {
        HttpHeaders responseHeaders = call.exchange().getResponse().getHeaders();
        return Mono.just(answer)
                .flatMap(result -> result.usage() == null
                        ? Mono.just(result)
                        : tokenLimiter
                                .settle(reservation, result.usage().totalTokens())
                                .doOnNext(remaining -> reservation.writeHeaders(responseHeaders, remaining))
                                .thenReturn(result))
                .flatMap(result -> {
                    List<byte[]> frames = render(call.request(), result);
                    String contentType = call.request().isStream() ? EVENT_STREAM_TYPE : JSON_TYPE;
                    return store(call, contentType, result, concat(frames), embedding, semantic, semanticScope)
                            .then(Mono.fromSupplier(() -> respond(
                                    call,
                                    contentType,
                                    result.agent(),
                                    strategy(result),
                                    cost(result),
                                    CACHE_MISS,
                                    null,
                                    frames)));
                });
    }

    /** Stores a fresh answer in both caches, unless the client said {@code no-store}. */
    private Mono<Void> store(
            Call call,
            String contentType,
            TaskResult result,
            byte[] body,
            Optional<float[]> embedding,
            boolean semantic,
            String semanticScope) {
        Mono<Void> store = Mono.empty();
        if (!call.noStore()) {
            if (call.cacheKey() != null) {
                store = exactCache.put(
                        call.cacheKey(), new CachedAnswer(contentType, result.agent(), strategy(result), body));
            }
            if (semantic && embedding.isPresent()) {
                store = store.then(semanticCache.store(
                        semanticScope,
                        call.request().model(),
                        call.task().prompt(),
                        embedding.get(),
                        json.writeValueAsBytes(result)));
            }
        }
        return store;
    }

    /**
     * A stream from the router, passed on as OpenAI chunks as it comes. The response is committed
     * only with the router's first event, so a problem before it (402, 503, ...) reaches the client
     * with its own status. The router's events are shared between that first look and the body
     * (replayed, kept for a short hand-over). A router that answers whole is served as before. The
     * stream is stored in the exact cache only once it finished; then the tokens are settled. An
     * answer that breaks off ends with an error frame and releases its reservation.
     */
    private Mono<ResponseEntity<Flux<DataBuffer>>> routeStreamed(
            Call call,
            Optional<float[]> embedding,
            boolean semantic,
            String semanticScope,
            TokenLimiter.Reservation reservation,
            String header) {
        AtomicBoolean answered = new AtomicBoolean();
        long started = System.nanoTime();
        Flux<ServerSentEvent<String>> events = router.streamTask(call.task(), call.caller(), call.requestId(), header)
                .replay()
                .refCount(1, STREAM_HANDOVER);
        return events.next()
                .doOnTerminate(() -> DownstreamTime.add(call.exchange(), System.nanoTime() - started))
                .doOnEach(signal -> answered.set(true))
                .switchIfEmpty(Mono.error(() -> new PlatformException(
                        HttpStatus.BAD_GATEWAY,
                        ProblemTypes.UPSTREAM_FAILURE,
                        "Upstream failure",
                        "The router's stream ended before the answer began")))
                .onErrorResume(e -> tokenLimiter.release(reservation).then(Mono.error(e)))
                .doOnCancel(() -> {
                    if (!answered.get()) {
                        tokenLimiter.release(reservation).subscribe();
                    }
                })
                .flatMap(first -> {
                    if (RouterClient.RESULT_EVENT.equals(first.event())) {
                        TaskResult result = json.readValue(first.data(), TaskResult.class);
                        return whole(call, result, embedding, semantic, semanticScope, reservation);
                    }
                    Flux<byte[]> frames = chunks(call, events, embedding, semantic, semanticScope, reservation);
                    // the first piece names the agent answering and the strategy: headers before the
                    // commit; the cost is known only at the end (the usage chunk, X-Cost-USD on replays)
                    JsonNode head = DELTA_EVENT.equals(first.event()) ? json.readTree(first.data()) : null;
                    return Mono.just(stream(
                            call,
                            headerToken(head, "agent"),
                            headerToken(head, "strategy"),
                            null,
                            CACHE_MISS,
                            null,
                            frames));
                });
    }

    /** A short name from the stream's first event, fit for a header; {@code null} when absent or odd. */
    private static String headerToken(JsonNode head, String field) {
        String value = head == null ? null : head.path(field).asString(null);
        return value != null && HEADER_TOKEN.matcher(value).matches() ? value : null;
    }

    private Flux<byte[]> chunks(
            Call call,
            Flux<ServerSentEvent<String>> events,
            Optional<float[]> embedding,
            boolean semantic,
            String semanticScope,
            TokenLimiter.Reservation reservation) {
        ChunkStream chunks = new ChunkStream(
                json,
                "chatcmpl-" + UUID.randomUUID(),
                call.request().model(),
                now(),
                call.request().includeUsageInStream());
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        AtomicBoolean ended = new AtomicBoolean();
        return events.concatMap(event -> {
                    String name = event.event() == null ? "" : event.event();
                    switch (name) {
                        case DELTA_EVENT -> {
                            JsonNode delta = json.readTree(event.data());
                            return Flux.fromIterable(
                                    chunks.delta(delta.path("content").asString("")));
                        }
                        case RouterClient.RESULT_EVENT -> {
                            ended.set(true);
                            TaskResult result = json.readValue(event.data(), TaskResult.class);
                            List<byte[]> last = chunks.finish(result);
                            byte[] body = concat(List.of(sent.toByteArray(), concat(last)));
                            Mono<Void> settle = result.usage() == null
                                    ? Mono.empty()
                                    : tokenLimiter
                                            .settle(reservation, result.usage().totalTokens())
                                            .then();
                            return settle.then(store(
                                            call, EVENT_STREAM_TYPE, result, body, embedding, semantic, semanticScope))
                                    .thenMany(Flux.fromIterable(last));
                        }
                        case ERROR_EVENT -> {
                            ended.set(true);
                            return tokenLimiter
                                    .release(reservation)
                                    .thenMany(Flux.just(chunks.error(json.readTree(event.data()))));
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
                    log.warn("stream of request {} broke off: {}", call.requestId(), e.toString());
                    return tokenLimiter.release(reservation).thenMany(Flux.just(chunks.error(null)));
                })
                .concatWith(Flux.defer(() -> {
                    if (ended.getAndSet(true)) {
                        return Flux.empty();
                    }
                    log.warn("stream of request {} ended without its result", call.requestId());
                    return tokenLimiter.release(reservation).thenMany(Flux.just(chunks.error(null)));
                }))
                .doOnNext(sent::writeBytes);
    }

    /** A semantic hit rendered for this request; empty when the stored answer cannot be read. */
    private Optional<ResponseEntity<Flux<DataBuffer>>> replaySemantic(Call call, SemanticHit hit) {
        TaskResult result;
        try {
            result = json.readValue(hit.cachedResponse(), TaskResult.class);
        } catch (RuntimeException e) {
            log.warn("unreadable semantic cache entry, ignoring it: {}", e.toString());
            return Optional.empty();
        }
        String contentType = call.request().isStream() ? EVENT_STREAM_TYPE : JSON_TYPE;
        return Optional.of(respond(
                call,
                contentType,
                result.agent(),
                strategy(result),
                "0",
                HIT_SEMANTIC,
                String.format(Locale.ROOT, "%.3f", hit.similarity()),
                render(call.request(), result)));
    }

    /** The frames of an answer: one JSON document, or the chunks of a stream and {@code [DONE]}. */
    private List<byte[]> render(ChatCompletionRequest request, TaskResult result) {
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

    private ResponseEntity<Flux<DataBuffer>> replay(Call call, CachedAnswer answer, String cacheOutcome) {
        return respond(
                call,
                answer.contentType(),
                answer.agent(),
                answer.strategy(),
                "0",
                cacheOutcome,
                null,
                List.of(answer.body()));
    }

    private ResponseEntity<Flux<DataBuffer>> respond(
            Call call,
            String contentType,
            String agent,
            String strategy,
            String cost,
            String cacheOutcome,
            String similarity,
            List<byte[]> frames) {
        if (contentType.equals(EVENT_STREAM_TYPE)) {
            return stream(call, agent, strategy, cost, cacheOutcome, similarity, Flux.fromIterable(frames));
        }
        byte[] body = frames.size() == 1 ? frames.get(0) : concat(frames);
        HttpHeaders headers = headers(call, agent, strategy, cost, cacheOutcome, similarity);
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(body.length);
        return ResponseEntity.ok()
                .headers(headers)
                .body(Flux.just(call.buffers().wrap(body)));
    }

    /** A stream, each frame written as it comes. */
    private ResponseEntity<Flux<DataBuffer>> stream(
            Call call,
            String agent,
            String strategy,
            String cost,
            String cacheOutcome,
            String similarity,
            Flux<byte[]> frames) {
        HttpHeaders headers = headers(call, agent, strategy, cost, cacheOutcome, similarity);
        headers.setCacheControl(CacheControl.noCache());
        headers.set("X-Accel-Buffering", "no");
        headers.setContentType(EVENT_STREAM);
        return ResponseEntity.ok().headers(headers).body(frames.map(call.buffers()::wrap));
    }

    private static HttpHeaders headers(
            Call call, String agent, String strategy, String cost, String cacheOutcome, String similarity) {
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
        if (call.flagged()) {
            headers.set(GUARD, "flagged");
        }
        return headers;
    }

    private static ResponseEntity<Flux<DataBuffer>> relay(DownstreamProblem problem, DataBufferFactory buffers) {
        ResponseEntity<byte[]> response = problem.toResponse();
        return ResponseEntity.status(response.getStatusCode())
                .headers(response.getHeaders())
                .body(Flux.just(buffers.wrap(response.getBody())));
    }

    private static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static String strategy(TaskResult result) {
        return result.strategy() == null ? null : result.strategy().name();
    }

    private static String cost(TaskResult result) {
        BigDecimal cost = result.costUsd() == null ? BigDecimal.ZERO : result.costUsd();
        return cost.toPlainString();
    }

    /** The characters of every message: what the prompt part of a token estimate is made of. */
    private static long promptChars(ChatCompletionRequest request) {
        long chars = 0;
        for (ChatCompletionRequest.Message message : request.messages()) {
            chars += message.content().length();
        }
        return chars;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
