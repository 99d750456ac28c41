package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.common.MessageVerdict;
import dev.agentplatform.common.TaskRequest;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.gateway.cache.CacheDirectives;
import dev.agentplatform.gateway.chat.ChatCompletionRequest;
import dev.agentplatform.support.ReactiveRequestIdFilter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One chat completion on its way through the pipeline: the request as received and what the steps
 * learned about it, each field set by the step that owns it (like the attributes of a gateway
 * exchange, but typed). Steps that must act once the answer is whole register a callback instead
 * of waiting for it: the render step knows when that is (at once for a whole answer, at the end of
 * a stream), as {@code ServerHttpResponse.beforeCommit} does for headers.
 */
public final class ChatExchange {

    /**
     * An answer from the agents, whole and rendered.
     *
     * @param result the task's result
     * @param contentType the content type it was rendered in
     * @param body every byte sent (for a stream, every frame up to and including {@code [DONE]})
     */
    public record Finished(TaskResult result, String contentType, byte[] body) {}

    private final ChatCompletionRequest request;
    private final Caller caller;
    private final String conversationId;
    private final boolean noCache;
    private final boolean noStore;
    private final ServerWebExchange web;
    private final Deque<Function<Finished, Mono<Void>>> onFinished = new ArrayDeque<>();
    private final Deque<Supplier<Mono<Void>>> onBrokenOff = new ArrayDeque<>();

    private TaskRequest task;
    private List<MessageVerdict> verdicts = List.of();
    private boolean flagged;
    private String scope;
    private String cacheKey;
    private Optional<float[]> embedding = Optional.empty();
    private boolean semantic;
    private String semanticScope;

    /**
     * @param request the validated OpenAI request
     * @param caller who sent it
     * @param conversationId {@code X-Conversation-Id}, or {@code null}
     * @param cacheControl {@code Cache-Control}, or {@code null}
     * @param web the HTTP exchange it came in
     */
    public ChatExchange(
            ChatCompletionRequest request,
            Caller caller,
            String conversationId,
            String cacheControl,
            ServerWebExchange web) {
        this.request = request;
        this.caller = caller;
        this.conversationId = conversationId;
        this.noCache = CacheDirectives.has(cacheControl, "no-cache");
        this.noStore = CacheDirectives.has(cacheControl, "no-store");
        this.web = web;
    }

    public ChatCompletionRequest request() {
        return request;
    }

    public Caller caller() {
        return caller;
    }

    public String conversationId() {
        return conversationId;
    }

    /** Whether the client said {@code Cache-Control: no-cache}: no cache lookups. */
    public boolean noCache() {
        return noCache;
    }

    /** Whether the client said {@code Cache-Control: no-store}: the answer is not stored. */
    public boolean noStore() {
        return noStore;
    }

    public ServerWebExchange web() {
        return web;
    }

    public String requestId() {
        return ReactiveRequestIdFilter.requestId(web);
    }

    /** The task for the router; set by the mapping step. */
    public TaskRequest task() {
        return task;
    }

    public void task(TaskRequest task) {
        this.task = task;
    }

    /** The guard's verdicts on the messages it did not simply allow; set by the guard step. */
    public List<MessageVerdict> verdicts() {
        return verdicts;
    }

    /** Whether the guard flagged a message (a flag-only tier): the answer says so and is not linked. */
    public boolean flagged() {
        return flagged;
    }

    public void guarded(List<MessageVerdict> verdicts, boolean flagged) {
        this.verdicts = List.copyOf(verdicts);
        this.flagged = flagged;
    }

    /** The tenant scope of the caches; set by the exact cache step. */
    public String scope() {
        return scope;
    }

    /** The exact cache key, or {@code null} when the exact cache is off; set by the exact cache step. */
    public String cacheKey() {
        return cacheKey;
    }

    public void exactCache(String scope, String cacheKey) {
        this.scope = scope;
        this.cacheKey = cacheKey;
    }

    /** The prompt's embedding, when one could be computed; set by the embed step. */
    public Optional<float[]> embedding() {
        return embedding;
    }

    public void embedding(Optional<float[]> embedding) {
        this.embedding = embedding;
    }

    /** Whether the request belongs in the semantic cache (single-turn); set by the semantic cache step. */
    public boolean semantic() {
        return semantic;
    }

    /** The semantic cache scope (tenant scope narrowed by the instructions); set by the semantic cache step. */
    public String semanticScope() {
        return semanticScope;
    }

    public void semanticCache(boolean semantic, String semanticScope) {
        this.semantic = semantic;
        this.semanticScope = semanticScope;
    }

    /**
     * Runs {@code callback} once the agents' answer is whole and rendered, before its (last) bytes
     * go out. Callbacks run innermost step first, as post-filters unwind.
     */
    public void onFinished(Function<Finished, Mono<Void>> callback) {
        onFinished.push(callback);
    }

    /** Runs {@code callback} when the agents' streamed answer breaks off or ends without its result. */
    public void onBrokenOff(Supplier<Mono<Void>> callback) {
        onBrokenOff.push(callback);
    }

    Mono<Void> finished(Finished finished) {
        return Flux.fromIterable(List.copyOf(onFinished))
                .concatMap(callback -> callback.apply(finished))
                .then();
    }

    Mono<Void> brokenOff() {
        return Flux.fromIterable(List.copyOf(onBrokenOff))
                .concatMap(Supplier::get)
                .then();
    }
}
