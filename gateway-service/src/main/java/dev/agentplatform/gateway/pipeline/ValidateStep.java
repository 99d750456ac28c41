package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.gateway.chat.ChatCompletionRequest;
import dev.agentplatform.gateway.chat.MessageContent;
import dev.agentplatform.support.PlatformException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What bean validation of the body cannot say: the conversation id's form (400), content parts other
 * than text (400 naming the part; a model would never see them, and the guard could not read them)
 * and whether the caller's key may use the model asked for (403).
 */
@Component
class ValidateStep implements ChatStep {

    static final int ORDER = 100;

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");
    private static final Pattern PART_TYPE = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    @Override
    public Mono<ChatReply> apply(ChatExchange exchange, ChatChain chain) {
        String conversationId = exchange.conversationId();
        if (conversationId != null && !SAFE_ID.matcher(conversationId).matches()) {
            throw invalid(Headers.CONVERSATION_ID + " must be 1 to 200 of A-Z a-z 0-9 . _ : @ -");
        }
        List<ChatCompletionRequest.Message> messages = exchange.request().messages();
        for (int i = 0; i < messages.size(); i++) {
            checkParts(i, messages.get(i).content());
        }
        String model = exchange.request().model();
        if (!exchange.caller().mayUse(model)) {
            throw new PlatformException(
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "Forbidden",
                    "This key may not use the model " + model);
        }
        return chain.next(exchange);
    }

    private static void checkParts(int index, MessageContent content) {
        if (content.parts() == null) {
            return;
        }
        for (int j = 0; j < content.parts().size(); j++) {
            MessageContent.Part part = content.parts().get(j);
            String field = "messages[" + index + "].content[" + j + "]";
            if (part == null) {
                throw invalid(field + " must be a content part object");
            }
            if (!MessageContent.TEXT.equals(part.type())) {
                String type =
                        part.type() != null && PART_TYPE.matcher(part.type()).matches()
                                ? "of type " + part.type()
                                : "without a known type";
                throw invalid(field + " is a part " + type + ": only text parts ({\"type\": \"text\", \"text\": ...})"
                        + " are supported");
            }
            if (part.text() == null) {
                throw invalid(field + ".text must be a string");
            }
        }
    }

    private static PlatformException invalid(String detail) {
        return new PlatformException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
