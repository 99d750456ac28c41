package dev.agentplatform.cost.ledger;

import dev.agentplatform.common.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Books usage events and sums them per user over a time window. */
@Repository
public class UsageLedger {

    private final JdbcClient jdbc;

    UsageLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Books an event unless one with its id is already booked.
     *
     * @return {@code true} when this call booked it, {@code false} for a duplicate
     */
    public boolean book(UsageRecorded event, String traceparent) {
        int rows = jdbc.sql("""
                        INSERT INTO cost.usage_ledger (event_id, request_id, task_id, user_id, agent, provider, model,
                                                       prompt_tokens, completion_tokens, cost_usd, occurred_at, traceparent)
                        VALUES (:eventId, :requestId, :taskId, :userId, :agent, :provider, :model,
                                :promptTokens, :completionTokens, :costUsd, :occurredAt, :traceparent)
                        ON CONFLICT (event_id) DO NOTHING
                        """)
                .param("eventId", event.eventId())
                .param("requestId", event.requestId())
                .param("taskId", event.taskId())
                .param("userId", event.userId())
                .param("agent", event.agent())
                .param("provider", event.provider())
                .param("model", event.model())
                .param("promptTokens", event.promptTokens())
                .param("completionTokens", event.completionTokens())
                .param("costUsd", event.costUsd())
                .param("occurredAt", utc(event.occurredAt()))
                .param("traceparent", traceparent)
                .update();
        return rows == 1;
    }

    /** What the user spent in {@code [from, to)}. */
    public BigDecimal spent(String userId, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT coalesce(sum(cost_usd), 0) FROM cost.usage_ledger
                        WHERE user_id = :userId AND occurred_at >= :from AND occurred_at < :to
                        """)
                .param("userId", userId)
                .param("from", utc(from))
                .param("to", utc(to))
                .query(BigDecimal.class)
                .single();
    }

    /** The user's usage in {@code [from, to)}, per agent, costliest first. */
    public PeriodUsage usage(String userId, Instant from, Instant to) {
        List<AgentUsage> byAgent = jdbc.sql("""
                        SELECT coalesce(agent, 'unknown') AS agent, count(*) AS requests, sum(cost_usd) AS cost_usd,
                               sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens
                        FROM cost.usage_ledger
                        WHERE user_id = :userId AND occurred_at >= :from AND occurred_at < :to
                        GROUP BY 1
                        ORDER BY sum(cost_usd) DESC, 1
                        """)
                .param("userId", userId)
                .param("from", utc(from))
                .param("to", utc(to))
                .query((rs, row) -> new AgentUsage(
                        rs.getString("agent"),
                        rs.getLong("requests"),
                        rs.getBigDecimal("cost_usd"),
                        rs.getLong("prompt_tokens"),
                        rs.getLong("completion_tokens")))
                .list();
        return PeriodUsage.of(byAgent);
    }

    // pgjdbc binds OffsetDateTime to timestamptz; it has no mapping for Instant.
    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
