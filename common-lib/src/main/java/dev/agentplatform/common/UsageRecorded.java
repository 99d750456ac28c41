package dev.agentplatform.common;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One LLM or tool call's spend, published on {@link Streams#USAGE}; the cost service books it once
 * per {@code eventId}.
 *
 * @param eventId unique id; consumers are idempotent by it
 * @param requestId the client request that caused it
 * @param taskId the task it belongs to
 * @param userId who pays
 * @param agent the agent that made the call
 * @param provider the provider called
 * @param model the model called
 * @param promptTokens tokens sent
 * @param completionTokens tokens received
 * @param costUsd the call's price
 * @param occurredAt when the call finished
 */
public record UsageRecorded(
        String eventId,
        String requestId,
        String taskId,
        String userId,
        String agent,
        String provider,
        String model,
        int promptTokens,
        int completionTokens,
        BigDecimal costUsd,
        Instant occurredAt) {}
