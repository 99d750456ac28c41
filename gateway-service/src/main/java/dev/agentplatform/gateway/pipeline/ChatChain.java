package dev.agentplatform.gateway.pipeline;

import reactor.core.publisher.Mono;

/** The steps after the current one, as {@code GatewayFilterChain} is for a gateway filter. */
@FunctionalInterface
public interface ChatChain {

    /** Runs the rest of the pipeline for {@code exchange}. */
    Mono<ChatReply> next(ChatExchange exchange);
}
