package dev.agentplatform.cost.ledger;

import dev.agentplatform.common.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
     * Books events in one multi-row insert, skipping those already booked (in the ledger or earlier
     * in the same list).
     *
     * @return the ids of the events this call booked
     */
    public Set<String> bookAll(List<Booking> bookings) {
        if (bookings.isEmpty()) {
            return Set.of();
        }
        StringBuilder sql = new StringBuilder(
                "INSERT INTO cost.usage_ledger (event_id, request_id, task_id, user_id, agent, provider, model,"
                        + " prompt_tokens, completion_tokens, cost_usd, occurred_at, traceparent, team_id, key_id)"
                        + " VALUES ");
        List<Object> params = new ArrayList<>(bookings.size() * 14);
        for (int i = 0; i < bookings.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            UsageRecorded event = bookings.get(i).event();
            params.addAll(Arrays.asList(
                    event.eventId(),
                    event.requestId(),
                    event.taskId(),
                    event.userId(),
                    event.agent(),
                    event.provider(),
                    event.model(),
                    event.promptTokens(),
                    event.completionTokens(),
                    event.costUsd(),
                    utc(event.occurredAt()),
                    bookings.get(i).traceparent(),
                    event.team(),
                    event.keyId()));
        }
        sql.append(" ON CONFLICT (event_id) DO NOTHING RETURNING event_id");
        return new HashSet<>(
                jdbc.sql(sql.toString()).params(params).query(String.class).list());
    }

    /** One event to book with the producer's {@code traceparent} (may be {@code null}). */
    public record Booking(UsageRecorded event, String traceparent) {}

    /** What the user spent in {@code [from, to)}. */
    public BigDecimal spent(String userId, Instant from, Instant to) {
        return spent(Column.USER, userId, from, to);
    }

    /** The ledger's columns a budget's spend is summed by. */
    public enum Column {
        USER("user_id"),
        TEAM("team_id"),
        KEY("key_id");

        private final String sql;

        Column(String sql) {
            this.sql = sql;
        }
    }

    /** What was spent in {@code [from, to)} by the user, team or key {@code id}. */
    public BigDecimal spent(Column column, String id, Instant from, Instant to) {
        // the column is one of the enum's constants, never input
        return jdbc.sql("SELECT coalesce(sum(cost_usd), 0) FROM cost.usage_ledger WHERE " + column.sql
                        + " = :id AND occurred_at >= :from AND occurred_at < :to")
                .param("id", id)
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
