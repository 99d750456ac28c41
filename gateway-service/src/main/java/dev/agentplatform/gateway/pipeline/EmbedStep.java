package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.gateway.semantic.PromptEmbedder;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The prompt embedded once: the semantic cache looks it up and the router gets it along
 * ({@code X-Prompt-Embedding}). Without an embedding the router embeds itself and the semantic
 * cache is skipped. A request that neither reads nor fills a cache ({@code Cache-Control: no-cache,
 * no-store}) is not embedded here: the router would be its only user, and it embeds the same way.
 */
@Component
class EmbedStep implements ChatStep {

    static final int ORDER = 600;

    private static final Logger log = LoggerFactory.getLogger(EmbedStep.class);

    private final PromptEmbedder embedder;

    EmbedStep(PromptEmbedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public Mono<ChatReply> apply(ChatExchange exchange, ChatChain chain) {
        if (exchange.noCache() && exchange.noStore()) {
            return chain.next(exchange);
        }
        return embedder.embed(exchange.task().prompt())
                .map(Optional::of)
                .onErrorResume(e -> {
                    log.warn("prompt embedding failed: {}", e.toString());
                    return Mono.just(Optional.empty());
                })
                .flatMap(embedding -> {
                    exchange.embedding(embedding);
                    return chain.next(exchange);
                });
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
