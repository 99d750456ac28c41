package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.common.TaskResult;
import dev.agentplatform.gateway.cache.CacheMetrics;
import dev.agentplatform.gateway.chat.ChatCompletions;
import dev.agentplatform.gateway.semantic.SemanticCache;
import dev.agentplatform.gateway.semantic.SemanticHit;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The semantic cache, for single-turn requests with an embedding: an earlier answer to a prompt
 * that means the same, given under the same instructions ({@code X-Cache: HIT-SEMANTIC} with
 * {@code X-Cache-Similarity}). An entry that cannot be read is a miss.
 */
@Component
class SemanticCacheStep implements ChatStep {

    static final int ORDER = 700;

    private static final Logger log = LoggerFactory.getLogger(SemanticCacheStep.class);

    private final SemanticCache cache;
    private final CacheMetrics metrics;
    private final JsonMapper json;

    SemanticCacheStep(SemanticCache cache, CacheMetrics metrics, JsonMapper json) {
        this.cache = cache;
        this.metrics = metrics;
        this.json = json;
    }

    @Override
    public Mono<ChatReply> apply(ChatExchange exchange, ChatChain chain) {
        boolean semantic = ChatCompletions.singleTurn(exchange.request());
        exchange.semanticCache(semantic, ChatCompletions.semanticScope(exchange.scope(), exchange.request()));
        Optional<float[]> embedding = exchange.embedding();
        if (!semantic || exchange.noCache() || embedding.isEmpty()) {
            metrics.record(CacheMetrics.Type.SEMANTIC, CacheMetrics.Outcome.BYPASS);
            return chain.next(exchange);
        }
        return cache.lookup(
                        exchange.semanticScope(),
                        exchange.request().model(),
                        exchange.task().prompt(),
                        embedding.get())
                .flatMap(hit -> {
                    Optional<ChatReply> answer = hit.flatMap(this::answer);
                    if (answer.isPresent()) {
                        metrics.record(CacheMetrics.Type.SEMANTIC, CacheMetrics.Outcome.HIT);
                        return Mono.just(answer.get());
                    }
                    metrics.record(CacheMetrics.Type.SEMANTIC, CacheMetrics.Outcome.MISS);
                    return chain.next(exchange);
                });
    }

    private Optional<ChatReply> answer(SemanticHit hit) {
        try {
            TaskResult result = json.readValue(hit.cachedResponse(), TaskResult.class);
            return Optional.of(new ChatReply.Answered(
                    result, ChatReply.HIT_SEMANTIC, String.format(Locale.ROOT, "%.3f", hit.similarity())));
        } catch (RuntimeException e) {
            log.warn("unreadable semantic cache entry, ignoring it: {}", e.toString());
            return Optional.empty();
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
