package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.gateway.chat.ChatCompletionRequest;
import dev.agentplatform.gateway.downstream.RouterClient;
import dev.agentplatform.gateway.limits.AdmissionFilter;
import dev.agentplatform.gateway.metrics.DownstreamTime;
import dev.agentplatform.gateway.ratelimit.TokenLimiter;
import dev.agentplatform.gateway.semantic.PromptEmbedder;
import dev.agentplatform.support.PlatformException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last step: the task to the router, the only path that uses tokens. An estimate is reserved
 * against the key's tokens-per-minute budget first (a 429 problem when it does not fit), settled
 * with the answer's usage once it is whole, released on a failure, a broken-off stream or a client
 * that went away before the router answered. A streamed request gets the router's stream as soon as
 * its first event arrived, so a problem before it still reaches the client with its own status.
 */
@Component
class RouteStep implements ChatStep {

    static final int ORDER = 900;

    /** The router's event carrying a piece of the answer. */
    static final String DELTA_EVENT = "delta";

    /** How long the router's stream waits for the response body once its first event was seen. */
    private static final Duration STREAM_HANDOVER = Duration.ofSeconds(5);

    private static final Pattern HEADER_TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** {@code from->to}, two model names as catalogs spell them (with {@code :}, {@code /}, {@code @}). */
    private static final Pattern DOWNGRADE = Pattern.compile("[A-Za-z0-9._:/@+-]{1,100}->[A-Za-z0-9._:/@+-]{1,100}");

    private final RouterClient router;
    private final TokenLimiter tokenLimiter;
    private final JsonMapper json;

    RouteStep(RouterClient router, TokenLimiter tokenLimiter, JsonMapper json) {
        this.router = router;
        this.tokenLimiter = tokenLimiter;
        this.json = json;
    }

    @Override
    public Mono<ChatReply> apply(ChatExchange exchange, ChatChain chain) {
        ChatCompletionRequest request = exchange.request();
        long estimate = tokenLimiter.estimate(promptChars(request), request.effectiveMaxTokens());
        return tokenLimiter.reserve(exchange.caller(), estimate).flatMap(reservation -> route(exchange, reservation));
    }

    private Mono<ChatReply> route(ChatExchange exchange, TokenLimiter.Reservation reservation) {
        HttpHeaders headers = exchange.web().getResponse().getHeaders();
        reservation.writeHeaders(headers, reservation.remaining());
        exchange.onFinished(finished -> finished.result().usage() == null
                ? Mono.empty()
                : tokenLimiter
                        .settle(reservation, finished.result().usage().totalTokens())
                        .doOnNext(remaining -> {
                            // a stream's headers went out with its first piece
                            if (!exchange.web().getResponse().isCommitted()) {
                                reservation.writeHeaders(headers, remaining);
                            }
                        })
                        .then());
        exchange.onBrokenOff(() -> tokenLimiter.release(reservation));
        RouterClient.Handling handling = new RouterClient.Handling(
                exchange.embedding().map(PromptEmbedder::toHeaderValue).orElse(null),
                exchange.web().getRequest().getHeaders().getFirst(Headers.COST_POLICY),
                AdmissionFilter.overloaded(exchange.web()));
        AtomicBoolean answered = new AtomicBoolean();
        long started = System.nanoTime();
        Mono<ChatReply> reply;
        if (exchange.request().isStream()) {
            Flux<ServerSentEvent<String>> events = router.streamTask(
                            exchange.task(), exchange.caller(), exchange.requestId(), handling)
                    .replay()
                    .refCount(1, STREAM_HANDOVER);
            reply = events.next()
                    .switchIfEmpty(Mono.error(() -> new PlatformException(
                            HttpStatus.BAD_GATEWAY,
                            ProblemTypes.UPSTREAM_FAILURE,
                            "Upstream failure",
                            "The router's stream ended before the answer began")))
                    .map(first -> streamed(events, first));
        } else {
            reply = router.submitTask(exchange.task(), exchange.caller(), exchange.requestId(), handling)
                    .map(result -> new ChatReply.Answered(result, ChatReply.MISS, null));
        }
        return reply.doOnEach(signal -> {
                    if (!answered.getAndSet(true)) {
                        DownstreamTime.add(exchange.web(), System.nanoTime() - started);
                    }
                })
                .onErrorResume(e -> tokenLimiter.release(reservation).then(Mono.error(e)))
                .doOnCancel(() -> {
                    // the client went away before the router answered
                    if (!answered.get()) {
                        tokenLimiter.release(reservation).subscribe();
                    }
                });
    }

    /** The reply for a stream's first event: the whole answer when the router did not stream. */
    private ChatReply streamed(Flux<ServerSentEvent<String>> events, ServerSentEvent<String> first) {
        if (RouterClient.RESULT_EVENT.equals(first.event())) {
            return new ChatReply.Answered(json.readValue(first.data(), TaskResult.class), ChatReply.MISS, null);
        }
        // the first piece names the agent answering, the strategy and a budget's downgrade: headers
        // before the commit
        JsonNode head = DELTA_EVENT.equals(first.event()) ? json.readTree(first.data()) : null;
        return new ChatReply.Streaming(
                events,
                headerToken(head, "agent", HEADER_TOKEN),
                headerToken(head, "strategy", HEADER_TOKEN),
                headerToken(head, "costDowngraded", DOWNGRADE));
    }

    /** A value from the stream's first event, fit for a header; {@code null} when absent or odd. */
    private static String headerToken(JsonNode head, String field, Pattern fit) {
        String value = head == null ? null : head.path(field).asString(null);
        return value != null && fit.matcher(value).matches() ? value : null;
    }

    /** The characters of every message: what the prompt part of a token estimate is made of. */
    private static long promptChars(ChatCompletionRequest request) {
        long chars = 0;
        for (ChatCompletionRequest.Message message : request.messages()) {
            chars += message.text().length();
        }
        return chars;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
