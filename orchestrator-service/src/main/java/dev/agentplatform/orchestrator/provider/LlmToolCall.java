package dev.agentplatform.orchestrator.provider;

/**
 * A call of one of the request's {@link LlmTool}s that the model asked for.
 *
 * @param id the model's id of the call, which its result must carry back
 * @param name the function name, as {@link LlmTool#name()}
 * @param arguments the arguments as the model wrote them: JSON text, normally an object
 */
public record LlmToolCall(String id, String name, String arguments) {}
