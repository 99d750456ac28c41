package dev.agentplatform.gateway.chat;

import dev.agentplatform.common.ModelParameters;
import java.util.List;

/** The answer-shaping members of an OpenAI request as the platform's {@link ModelParameters}. */
public final class Parameters {

    private Parameters() {}

    /** The parameters of {@code request}; {@code null} when it sets none, leaving every provider default. */
    public static ModelParameters of(ChatCompletionRequest request) {
        ModelParameters parameters = new ModelParameters(
                request.temperature(),
                request.topP(),
                request.effectiveMaxTokens(),
                request.stop(),
                request.seed(),
                request.presencePenalty(),
                request.frequencyPenalty(),
                request.user(),
                responseFormat(request.responseFormat()),
                tools(request.tools()),
                request.toolChoice() == null ? null : request.toolChoice().value());
        return ModelParameters.DEFAULTS.equals(parameters) ? null : parameters;
    }

    private static ModelParameters.ResponseFormat responseFormat(ChatCompletionRequest.ResponseFormat format) {
        if (format == null) {
            return null;
        }
        ChatCompletionRequest.JsonSchema schema = format.jsonSchema();
        return schema == null
                ? new ModelParameters.ResponseFormat(format.type(), null, null, null)
                : new ModelParameters.ResponseFormat(format.type(), schema.name(), schema.schema(), schema.strict());
    }

    private static List<ModelParameters.ToolDefinition> tools(List<ChatCompletionRequest.Tool> tools) {
        if (tools == null) {
            return null;
        }
        return tools.stream()
                .map(tool -> new ModelParameters.ToolDefinition(
                        tool.function().name(),
                        tool.function().description(),
                        tool.function().parameters()))
                .toList();
    }
}
