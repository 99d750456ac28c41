package dev.agentplatform.gateway.cache;

import dev.agentplatform.common.Headers;
import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.gateway.limits.LimitsProperties;
import dev.agentplatform.gateway.ratelimit.RateLimitFilter;
import dev.agentplatform.gateway.ratelimit.RateLimiter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The fast path of an exact hit on {@code POST /v1/chat/completions}: right after authentication,
 * the raw body is read once (only a body with a {@code Content-Length} within the body size limit)
 * and looked up under a raw-body key (SHA-256 of the caller's key, user and tier, the headers that
 * steer the request and the exact body bytes), in the same Redis script call as the rate-limit
 * check: one round trip decides both, and the rate-limit filter later lets the request pass
 * without a second check. A hit is answered from there, before the dispatcher, JSON decoding, validation and
 * the input guard: those bytes, from that caller, with those headers, already passed all of them
 * and were answered. Anything else goes down the ordinary pipeline with the body replayed, and when
 * that pipeline stored or found a clean answer (200, not flagged by the guard) the raw-body key is
 * linked to the canonical entry, so the hit is counted on that one entry either way. {@code Cache-Control:
 * no-cache} skips the fast path; {@code no-store} never stores, so never links.
 */
@Component
class ExactHitFilter implements WebFilter, Ordered {

    /**
     * After authentication (HIGHEST_PRECEDENCE + 20), before the rate limits (+ 25) whose check it
     * takes over, and before the body size limit (+ 30): only a declared length within that limit is
     * read here.
     */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 22;

    static final String CHAT = "/v1/chat/completions";

    private static final MediaType EVENT_STREAM = new MediaType("text", "event-stream", StandardCharsets.UTF_8);
    private static final String EVENT_STREAM_TYPE = EVENT_STREAM.toString();
    private static final byte[] EMPTY = new byte[0];

    private final ExactCache cache;
    private final CacheMetrics metrics;
    private final RateLimiter limiter;
    private final RateLimitFilter limits;
    private final long maxBodyBytes;

    ExactHitFilter(
            ExactCache cache,
            CacheMetrics metrics,
            RateLimiter limiter,
            RateLimitFilter limits,
            LimitsProperties bodyLimits) {
        this.cache = cache;
        this.metrics = metrics;
        this.limiter = limiter;
        this.limits = limits;
        this.maxBodyBytes = bodyLimits.maxBodySize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!cache.enabled()
                || !HttpMethod.POST.equals(request.getMethod())
                || !CHAT.equals(request.getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        Caller caller = Caller.find(exchange).orElse(null);
        HttpHeaders headers = request.getHeaders();
        // only a body of declared length within the size limit: a streamed or oversized body keeps
        // its own path, where the limit is enforced
        if (caller == null
                || caller.admin()
                || headers.getContentLength() <= 0
                || headers.getContentLength() > maxBodyBytes
                || CacheDirectives.has(headers.getFirst(HttpHeaders.CACHE_CONTROL), "no-cache")) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(request.getBody())
                .map(buffer -> (Object) bytes(buffer))
                .defaultIfEmpty(EMPTY)
                .onErrorResume(e -> Mono.just(e))
                .flatMap(body -> body instanceof byte[] bytes
                        ? lookup(exchange, chain, caller, headers, bytes)
                        // a failed read (such as a body over the limit) surfaces where the body is read
                        : chain.filter(exchange.mutate()
                                .request(new Replayed(request, Flux.error((Throwable) body)))
                                .build()));
    }

    private Mono<Void> lookup(
            ServerWebExchange exchange, WebFilterChain chain, Caller caller, HttpHeaders headers, byte[] body) {
        String rawKey = cache.rawKey(
                Arrays.asList(
                        caller.keyId(),
                        caller.userId(),
                        caller.tier(),
                        headers.getFirst(HttpHeaders.CONTENT_TYPE),
                        headers.getFirst(HttpHeaders.CONTENT_ENCODING),
                        String.join(",", headers.getOrEmpty(HttpHeaders.ACCEPT)),
                        headers.getFirst(Headers.CONVERSATION_ID)),
                body);
        if (!limits.applies(exchange)) {
            return cache.getRaw(rawKey).flatMap(hit -> answer(exchange, chain, rawKey, body, hit));
        }
        return limiter.checkThen(caller, cache.rawAfterLimits(), rawKey)
                .map(admission -> (Object) admission)
                .onErrorResume(e -> Mono.just(e))
                .flatMap(outcome -> outcome instanceof RateLimiter.Admission admission
                        ? limits.apply(
                                admission.decision(),
                                exchange,
                                () -> answer(
                                        exchange,
                                        chain,
                                        rawKey,
                                        body,
                                        admission.followUp().map(CachedAnswer::decode)))
                        // Redis failed: the rate-limit filter decides as configured, the cache misses
                        : answer(exchange, chain, rawKey, body, Optional.empty()));
    }

    /** The hit, or the ordinary pipeline with the body replayed and the raw key linked to what it stores. */
    private Mono<Void> answer(
            ServerWebExchange exchange, WebFilterChain chain, String rawKey, byte[] body, Optional<CachedAnswer> hit) {
        if (hit.isPresent()) {
            metrics.record(CacheMetrics.Type.EXACT, CacheMetrics.Outcome.HIT);
            return write(exchange.getResponse(), hit.get());
        }
        AtomicReference<String> stored = new AtomicReference<>();
        ServerHttpResponse response = exchange.getResponse();
        // linked before the answer is sent, so the very next identical request takes the fast path
        response.beforeCommit(() -> Mono.defer(() -> {
            String canonicalKey = stored.get();
            if (canonicalKey == null
                    || !HttpStatus.OK.equals(response.getStatusCode())
                    || response.getHeaders().containsHeader("X-Guard")) {
                return Mono.empty();
            }
            return cache.link(rawKey, canonicalKey);
        }));
        return chain.filter(exchange.mutate()
                        .request(new Replayed(exchange.getRequest(), replay(body)))
                        .build())
                .contextWrite(context -> context.put(ExactCache.STORED_KEY, stored));
    }

    /** The same answer, with the same headers, as the pipeline's exact hit. */
    private static Mono<Void> write(ServerHttpResponse response, CachedAnswer answer) {
        HttpHeaders headers = response.getHeaders();
        if (answer.agent() != null) {
            headers.set(Headers.AGENT, answer.agent());
        }
        if (answer.strategy() != null) {
            headers.set(Headers.STRATEGY, answer.strategy());
        }
        headers.set(Headers.CACHE, "HIT-EXACT");
        headers.set(Headers.COST_USD, "0");
        if (answer.contentType().equals(EVENT_STREAM_TYPE)) {
            headers.setCacheControl(CacheControl.noCache());
            headers.set("X-Accel-Buffering", "no");
            headers.setContentType(EVENT_STREAM);
        } else {
            headers.setContentType(MediaType.APPLICATION_JSON);
            headers.setContentLength(answer.body().length);
        }
        response.setStatusCode(HttpStatus.OK);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(answer.body())));
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private static Flux<DataBuffer> replay(byte[] body) {
        return body.length == 0
                ? Flux.empty()
                : Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
    }

    /** The request with the body already read, replayed for the rest of the pipeline. */
    private static final class Replayed extends ServerHttpRequestDecorator {

        private final Flux<DataBuffer> body;

        Replayed(ServerHttpRequest delegate, Flux<DataBuffer> body) {
            super(delegate);
            this.body = body;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return body;
        }
    }
}
