package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.gateway.cache.CacheMetrics;
import dev.agentplatform.gateway.cache.ExactCache;
import dev.agentplatform.gateway.chat.ChatCompletions;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The exact cache: the canonical request's entry in the caller's scope answers it as first sent
 * ({@code X-Cache: HIT-EXACT}); {@code Cache-Control: no-cache} skips the lookup. The key is kept
 * for the store step.
 */
@Component
class ExactCacheStep implements ChatStep {

    static final int ORDER = 500;

    private final ExactCache cache;
    private final CacheMetrics metrics;

    ExactCacheStep(ExactCache cache, CacheMetrics metrics) {
        this.cache = cache;
        this.metrics = metrics;
    }

    @Override
    public Mono<ChatReply> apply(ChatExchange exchange, ChatChain chain) {
        String scope =
                cache.scope(exchange.caller().userId(), exchange.request().model());
        String key = cache.enabled()
                ? cache.key(scope, ChatCompletions.canonical(exchange.request(), exchange.conversationId()))
                : null;
        exchange.exactCache(scope, key);
        if (key == null || exchange.noCache()) {
            metrics.record(CacheMetrics.Type.EXACT, CacheMetrics.Outcome.BYPASS);
            return chain.next(exchange);
        }
        return cache.get(key).flatMap(hit -> {
            if (hit.isPresent()) {
                metrics.record(CacheMetrics.Type.EXACT, CacheMetrics.Outcome.HIT);
                return Mono.just(new ChatReply.Replayed(hit.get()));
            }
            metrics.record(CacheMetrics.Type.EXACT, CacheMetrics.Outcome.MISS);
            return chain.next(exchange);
        });
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
