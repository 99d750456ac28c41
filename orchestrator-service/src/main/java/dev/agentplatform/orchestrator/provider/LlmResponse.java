package dev.agentplatform.orchestrator.provider;

import dev.agentplatform.common.TokenUsage;

/**
 * What one LLM call returned.
 *
 * @param content the answer text
 * @param model the model that produced it
 * @param usage the tokens sent and received
 * @param simulated whether the simulated provider produced it
 */
public record LlmResponse(String content, String model, TokenUsage usage, boolean simulated) {}
