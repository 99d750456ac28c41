package dev.agentplatform.orchestrator.provider;

import dev.agentplatform.common.ChatMessage;
import java.util.List;
import java.util.Optional;

/**
 * The messages of one LLM call, in the OpenAI role vocabulary: the agent's system prompt, then
 * remembered context, tool outputs (role {@code tool}) and the user's prompt last.
 *
 * @param taskId the task the call serves
 * @param agent the agent making the call
 * @param messages the messages, oldest first, the prompt last
 */
public record LlmRequest(String taskId, String agent, List<ChatMessage> messages) {

    public LlmRequest {
        messages = List.copyOf(messages);
    }

    /** The last user message: the prompt being answered. */
    public Optional<String> prompt() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return Optional.of(messages.get(i).content());
            }
        }
        return Optional.empty();
    }
}
