package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.gateway.chat.ChatCompletionRequest;
import dev.agentplatform.gateway.chat.MessageContent;
import dev.agentplatform.gateway.guard.GuardedMessage;
import dev.agentplatform.gateway.guard.InputGuard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The input guard on every message, whatever its role (system, developer, user, assistant, tool),
 * each of its texts (the content, text parts joined and each by itself, the {@code name} and the arguments of its tool calls): a likely prompt
 * injection in any message is a 403 problem naming the messages refused; for a flag-only tier the
 * request passes marked ({@code X-Guard: flagged}) and the flagged verdicts travel with the task
 * ({@code TaskRequest.guard}), replacing anything the request carried there.
 */
@Component
class GuardStep implements ChatStep {

    static final int ORDER = 400;

    private static final Logger log = LoggerFactory.getLogger(GuardStep.class);

    private final InputGuard guard;

    GuardStep(InputGuard guard) {
        this.guard = guard;
    }

    @Override
    public Mono<ChatReply> apply(ChatExchange exchange, ChatChain chain) {
        if (!guard.enabled()) {
            return chain.next(exchange);
        }
        return guard.inspect(messages(exchange.request()), exchange.caller().tier())
                .flatMap(verdicts -> {
                    if (verdicts.anyBlocked()) {
                        log.info(
                                "input guard refused a request of {}: {}",
                                exchange.caller().userId(),
                                verdicts.reasons());
                        return Mono.error(verdicts.refusal());
                    }
                    exchange.guarded(verdicts.flagged(), verdicts.anyFlagged());
                    exchange.task(exchange.task().withGuard(verdicts.flagged()));
                    return chain.next(exchange);
                });
    }

    /** Every text of every message a model will read, the arguments of an assistant turn's tool calls included. */
    static List<GuardedMessage> messages(ChatCompletionRequest request) {
        List<GuardedMessage> messages = new ArrayList<>(request.messages().size());
        for (int i = 0; i < request.messages().size(); i++) {
            ChatCompletionRequest.Message message = request.messages().get(i);
            GuardedMessage guarded =
                    GuardedMessage.of(i, message.role(), message.text(), partTexts(message.content()), message.name());
            if (message.callsTools()) {
                Map<String, String> texts = new LinkedHashMap<>(guarded.texts());
                for (int j = 0; j < message.toolCalls().size(); j++) {
                    String arguments = message.toolCalls().get(j).function().arguments();
                    if (arguments != null) {
                        texts.put("tool_calls[" + j + "].function.arguments", arguments);
                    }
                }
                guarded = new GuardedMessage(i, message.role(), texts);
            }
            messages.add(guarded);
        }
        return messages;
    }

    /** The texts of content sent as parts, {@code null} at a part that is not text; {@code null} for string content. */
    private static List<String> partTexts(MessageContent content) {
        if (content == null || content.parts() == null) {
            return null;
        }
        List<String> texts = new ArrayList<>(content.parts().size());
        for (MessageContent.Part part : content.parts()) {
            texts.add(part != null && MessageContent.TEXT.equals(part.type()) ? part.text() : null);
        }
        return texts;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
