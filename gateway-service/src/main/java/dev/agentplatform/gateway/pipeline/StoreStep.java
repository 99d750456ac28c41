package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.common.TaskResult;
import dev.agentplatform.gateway.cache.CachedAnswer;
import dev.agentplatform.gateway.cache.ExactCache;
import dev.agentplatform.gateway.chat.ChatCompletions;
import dev.agentplatform.gateway.semantic.SemanticCache;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores a fresh answer in both caches, once it is whole and before its (last) bytes go out, so
 * the very next identical request is a hit. Reached only when both caches missed; nothing is stored
 * for {@code Cache-Control: no-store}, for a failed answer, for a stream that broke off or for an
 * answer that calls the client's tools.
 */
@Component
class StoreStep implements ChatStep {

    static final int ORDER = 800;

    private final ExactCache exactCache;
    private final SemanticCache semanticCache;
    private final JsonMapper json;

    StoreStep(ExactCache exactCache, SemanticCache semanticCache, JsonMapper json) {
        this.exactCache = exactCache;
        this.semanticCache = semanticCache;
        this.json = json;
    }

    @Override
    public Mono<ChatReply> apply(ChatExchange exchange, ChatChain chain) {
        if (!exchange.noStore()) {
            exchange.onFinished(finished -> store(exchange, finished));
        }
        return chain.next(exchange);
    }

    private Mono<Void> store(ChatExchange exchange, ChatExchange.Finished finished) {
        TaskResult result = finished.result();
        if (ChatCompletions.callsTools(result)) {
            // the client runs the calls and continues: the same request next time must reach a model
            return Mono.empty();
        }
        Mono<Void> store = Mono.empty();
        if (exchange.cacheKey() != null) {
            store = exactCache.put(
                    exchange.cacheKey(),
                    new CachedAnswer(
                            finished.contentType(),
                            RenderStep.agent(result),
                            RenderStep.strategy(result),
                            finished.body()));
        }
        if (exchange.semantic() && exchange.embedding().isPresent()) {
            store = store.then(semanticCache.store(
                    exchange.semanticScope(),
                    exchange.request().model(),
                    exchange.task().prompt(),
                    exchange.embedding().get(),
                    json.writeValueAsBytes(result)));
        }
        return store;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
