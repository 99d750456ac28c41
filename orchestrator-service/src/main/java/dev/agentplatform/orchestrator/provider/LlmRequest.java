package dev.agentplatform.orchestrator.provider;

import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ModelParameters;
import java.util.List;
import java.util.Optional;

/**
 * The messages of one LLM call, in the OpenAI role vocabulary: the agent's system prompt, then
 * remembered context, tool outputs (role {@code tool}) and the user's prompt last; with function
 * calling, the tools the model may call and the rounds of calls made so far, after the prompt.
 *
 * @param taskId the task the call serves
 * @param agent the agent making the call
 * @param messages the messages, oldest first, the prompt last
 * @param tools the functions the model may call; empty offers none
 * @param toolTurns the rounds of function calls already made for this answer, oldest first; an
 *     adapter sends them as its API's tool-call messages when {@code tools} is not empty, as plain
 *     text otherwise (APIs refuse tool-call history without tool definitions)
 * @param parameters how the model should answer, as the client asked (sampling, length, stop,
 *     format); the client's own tools, when it offered any, are in {@code tools} and their calls go
 *     back to the client
 */
public record LlmRequest(
        String taskId,
        String agent,
        List<ChatMessage> messages,
        List<LlmTool> tools,
        List<LlmToolTurn> toolTurns,
        ModelParameters parameters) {

    public LlmRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        toolTurns = toolTurns == null ? List.of() : List.copyOf(toolTurns);
        parameters = parameters == null ? ModelParameters.DEFAULTS : parameters;
    }

    /** A call with the provider's default parameters. */
    public LlmRequest(
            String taskId, String agent, List<ChatMessage> messages, List<LlmTool> tools, List<LlmToolTurn> toolTurns) {
        this(taskId, agent, messages, tools, toolTurns, null);
    }

    /** A call without function calling. */
    public LlmRequest(String taskId, String agent, List<ChatMessage> messages) {
        this(taskId, agent, messages, List.of(), List.of());
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
