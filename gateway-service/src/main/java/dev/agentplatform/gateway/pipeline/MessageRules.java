package dev.agentplatform.gateway.pipeline;

import dev.agentplatform.gateway.chat.ChatCompletionRequest;
import dev.agentplatform.gateway.chat.ToolChoice;
import java.util.Optional;

/**
 * The request rules that span members, as OpenAI states them: content may be absent only from an
 * assistant turn that calls tools; {@code tool_calls} belong to assistant turns and
 * {@code tool_call_id} to tool messages, which must have one; a {@code tool_choice} naming a
 * function names one of the request's tools; a {@code json_schema} format carries its schema.
 */
final class MessageRules {

    private MessageRules() {}

    /** Why message {@code index} breaks a rule, or empty. */
    static Optional<String> check(int index, ChatCompletionRequest.Message message) {
        String field = "messages[" + index + "]";
        boolean assistant = "assistant".equals(message.role());
        boolean tool = "tool".equals(message.role());
        if (message.content() == null && !(assistant && message.callsTools())) {
            return Optional.of(field + ".content is required (only an assistant turn with tool_calls may omit it)");
        }
        if (message.toolCalls() != null && !assistant) {
            return Optional.of(field + ".tool_calls is allowed on assistant messages only");
        }
        if (tool && (message.toolCallId() == null || message.toolCallId().isBlank())) {
            return Optional.of(field + ".tool_call_id is required on a tool message");
        }
        if (!tool && message.toolCallId() != null) {
            return Optional.of(field + ".tool_call_id is allowed on tool messages only");
        }
        return Optional.empty();
    }

    /** Why the request's tool choice or answer format is incomplete, or empty. */
    static Optional<String> checkOptions(ChatCompletionRequest request) {
        ToolChoice choice = request.toolChoice();
        if (choice != null && choice.namesFunction()) {
            if (choice.function() == null) {
                return Optional.of("tool_choice.function.name is required");
            }
            boolean offered = request.hasTools()
                    && request.tools().stream()
                            .anyMatch(tool ->
                                    choice.function().equals(tool.function().name()));
            if (!offered) {
                return Optional.of(
                        "tool_choice names the function " + choice.function() + ", which tools does not offer");
            }
        }
        if (choice != null && !choice.namesFunction() && !"none".equals(choice.type()) && !request.hasTools()) {
            return Optional.of("tool_choice " + choice.type() + " needs tools");
        }
        ChatCompletionRequest.ResponseFormat format = request.responseFormat();
        if (format != null && "json_schema".equals(format.type()) && format.jsonSchema() == null) {
            return Optional.of("response_format.json_schema is required for the type json_schema");
        }
        return Optional.empty();
    }
}
