package dev.agentplatform.gateway.pipeline;

import org.springframework.core.Ordered;
import reactor.core.publisher.Mono;

/**
 * One named step of the chat completion pipeline, in the spring-cloud-gateway filter model
 * ({@code GatewayFilter} + {@code Ordered}): it does its part on the way in, then either answers
 * itself (a cache hit, a refusal as an error) or hands the exchange to the rest of the chain, and may
 * act on the reply on its way back. Steps run in {@link #getOrder()} order; a step that acts only on
 * the way back sits early, as SCG's response-writing filter does.
 */
public interface ChatStep extends Ordered {

    /** Does this step's part of {@code exchange}, calling {@code chain} for the rest. */
    Mono<ChatReply> apply(ChatExchange exchange, ChatChain chain);
}
