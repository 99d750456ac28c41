package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.gateway.chat.ChatCompletionRequest;
import dev.agentplatform.gateway.chat.MessageContent;
import dev.agentplatform.gateway.chat.UnsupportedFields;
import dev.agentplatform.support.PlatformException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The request's checks, first of all: bean validation of the body (400 naming each field as the
 * client spelt it, {@link ConstraintDetails}), then what bean validation cannot say: the
 * conversation id's form (400), the members the
 * platform cannot honour ({@link UnsupportedFields}, 400 naming them), content parts other than text
 * (400 naming the part; a model would never see them, and the guard could not read them), each
 * message's tool members as its role allows them ({@link MessageRules}), a {@code tool_choice} or
 * {@code json_schema} format that is incomplete (400), and whether the caller's key may use the model
 * asked for (403).
 */
@Component
class ValidateStep implements ChatStep {

    static final int ORDER = 100;

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");
    private static final Pattern PART_TYPE = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    private final Validator validator;

    ValidateStep(Validator validator) {
        this.validator = validator;
    }

    @Override
    public Mono<ChatReply> apply(ChatExchange exchange, ChatChain chain) {
        Set<ConstraintViolation<ChatCompletionRequest>> violations = validator.validate(exchange.request());
        if (!violations.isEmpty()) {
            throw invalid(ConstraintDetails.of(violations));
        }
        String conversationId = exchange.conversationId();
        if (conversationId != null && !SAFE_ID.matcher(conversationId).matches()) {
            throw invalid(Headers.CONVERSATION_ID + " must be 1 to 200 of A-Z a-z 0-9 . _ : @ -");
        }
        ChatCompletionRequest request = exchange.request();
        List<String> unsupported = UnsupportedFields.of(request);
        if (!unsupported.isEmpty()) {
            throw invalid(String.join("; ", unsupported));
        }
        List<ChatCompletionRequest.Message> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            checkParts(i, messages.get(i).content());
            MessageRules.check(i, messages.get(i)).ifPresent(detail -> {
                throw invalid(detail);
            });
        }
        MessageRules.checkOptions(request).ifPresent(detail -> {
            throw invalid(detail);
        });
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
        if (content == null || content.parts() == null) {
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
