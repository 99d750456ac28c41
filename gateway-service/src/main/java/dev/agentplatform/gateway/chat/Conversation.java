package dev.agentplatform.gateway.chat;

import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * An OpenAI conversation as a task's prompt and messages. The prompt is the last user message's
 * text. A conversation that ends with that user message sends every other message along as
 * context, in order. One that goes on after it with tool calls or their results (a client
 * continuing after running the model's tool calls) is sent whole, the prompt's message included:
 * the orchestrator then does not append the prompt again, by the same rule
 * ({@link #continuesAfterPrompt}).
 *
 * @param prompt the last user message's text
 * @param messages the context, or {@code null} for none
 */
public record Conversation(String prompt, List<ChatMessage> messages) {

    /** The prompt and messages of {@code messages}; a 400 problem without a user message with text. */
    public static Conversation of(List<ChatCompletionRequest.Message> messages) {
        int last = -1;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                last = i;
                break;
            }
        }
        if (last < 0 || messages.get(last).text().isBlank()) {
            throw new PlatformException(
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST,
                    "Invalid request",
                    "messages must contain a user message with text");
        }
        boolean whole = continuesAfterPrompt(messages);
        List<ChatMessage> context = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            if (whole || i != last) {
                context.add(message(messages.get(i)));
            }
        }
        return new Conversation(messages.get(last).text(), context.isEmpty() ? null : context);
    }

    /** Whether the conversation ends with tool results or with an assistant turn calling tools. */
    static boolean continuesAfterPrompt(List<ChatCompletionRequest.Message> messages) {
        ChatCompletionRequest.Message last = messages.get(messages.size() - 1);
        return "tool".equals(last.role()) || ("assistant".equals(last.role()) && last.callsTools());
    }

    /** One message in the platform's shape, its tool calls and the call it answers included. */
    static ChatMessage message(ChatCompletionRequest.Message message) {
        List<ChatMessage.ToolCall> calls = message.toolCalls() == null
                ? null
                : message.toolCalls().stream()
                        .map(call -> new ChatMessage.ToolCall(
                                call.id(),
                                call.function().name(),
                                call.function().arguments()))
                        .toList();
        return new ChatMessage(message.role(), message.text(), message.name(), calls, message.toolCallId());
    }
}
