package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.gateway.chat.ChatCompletions;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The OpenAI request as the platform's task: the one place where a request field becomes part of
 * what the router and the orchestrator see ({@link ChatCompletions#toTask}).
 */
@Component
class TaskMappingStep implements ChatStep {

    static final int ORDER = 200;

    @Override
    public Mono<ChatReply> apply(ChatExchange exchange, ChatChain chain) {
        exchange.task(
                ChatCompletions.toTask(exchange.request(), exchange.caller().userId(), exchange.conversationId()));
        return chain.next(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
