package dev.agentplatform.common;

import java.time.Instant;

/**
 * How one agent attempt ended, published on {@link Streams#OUTCOMES} for the router's learning.
 *
 * @param eventId unique id; consumers are idempotent by it
 * @param taskId the task the attempt served
 * @param agent the agent attempted
 * @param success whether it produced an answer
 * @param latencyMs wall time of the attempt in milliseconds
 * @param errorKind a short error class when it failed ({@code timeout}, {@code provider_error}, ...), else {@code null}
 * @param occurredAt when the attempt ended
 */
public record OutcomeRecorded(
        String eventId,
        String taskId,
        String agent,
        boolean success,
        long latencyMs,
        String errorKind,
        Instant occurredAt) {}
