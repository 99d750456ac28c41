package dev.agentplatform.orchestrator.provider;

import dev.agentplatform.common.TokenUsage;
import java.math.BigDecimal;

/**
 * A priced LLM answer.
 *
 * @param content the answer text
 * @param provider the provider catalog entry that answered
 * @param model the model that produced it
 * @param simulated whether the simulated provider produced it
 * @param usage the tokens sent and received
 * @param costUsd the call's price from the catalog
 */
public record LlmCompletion(
        String content, String provider, String model, boolean simulated, TokenUsage usage, BigDecimal costUsd) {}
