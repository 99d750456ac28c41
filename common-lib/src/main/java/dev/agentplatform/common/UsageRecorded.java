package dev.agentplatform.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One LLM or tool call's spend, published on {@link Streams#USAGE}; the cost service books it once
 * per {@code eventId}. A call made under a budget hold names it: cost-service books the cost in the
 * hold's budgets as it books the ledger row, and the hold's last event ({@code settles}) gives back
 * what the hold kept beyond the actual cost, so no second call settles the hold.
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
 * @param tier the paying user's tier, or {@code null}
 * @param team the team whose budget the call counts against, or {@code null}
 * @param keyId the API key whose budget the call counts against, or {@code null}
 * @param reservationId the budget hold the call was made under, or {@code null} when unheld
 * @param settles {@code true} on the hold's last event: the hold is settled with it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
        Instant occurredAt,
        String tier,
        String team,
        String keyId,
        String reservationId,
        Boolean settles) {

    /** A call's spend made under no hold, for no team or key. */
    public UsageRecorded(
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
            Instant occurredAt) {
        this(
                eventId,
                requestId,
                taskId,
                userId,
                agent,
                provider,
                model,
                promptTokens,
                completionTokens,
                costUsd,
                occurredAt,
                null,
                null,
                null,
                null,
                null);
    }

    /** The same spend made under hold {@code reservationId}, settling it when {@code last}. */
    public UsageRecorded underHold(String reservationId, boolean last) {
        return new UsageRecorded(
                eventId,
                requestId,
                taskId,
                userId,
                agent,
                provider,
                model,
                promptTokens,
                completionTokens,
                costUsd,
                occurredAt,
                tier,
                team,
                keyId,
                reservationId,
                reservationId != null && last ? Boolean.TRUE : null);
    }

    /** Whether this is the last event of its hold. */
    public boolean settlesHold() {
        return reservationId != null && Boolean.TRUE.equals(settles);
    }
}
