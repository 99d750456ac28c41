package dev.agentplatform.cost.costs;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Sums of the ledger (and outcomes) over a period. */
@Repository
class CostReports {

    /** The ledger column each grouping reads; tool calls are the rows of provider {@code mcp}. */
    static final Map<String, String> COLUMNS =
            Map.of("agent", "agent", "model", "model", "provider", "provider", "tool", "model", "user", "user_id");

    private final JdbcClient jdbc;

    CostReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Spend in {@code [from, to)} grouped by {@code groupBy} (a key of {@link #COLUMNS}), costliest first. */
    List<CostGroup> groups(String groupBy, Instant from, Instant to) {
        String column = COLUMNS.get(groupBy);
        String toolsOnly = "tool".equals(groupBy) ? " AND provider = 'mcp'" : "";
        return jdbc.sql("SELECT coalesce(" + column + ", 'unknown') AS key, count(*) AS requests,"
                        + " sum(cost_usd) AS cost_usd, sum(prompt_tokens) AS prompt_tokens,"
                        + " sum(completion_tokens) AS completion_tokens FROM cost.usage_ledger"
                        + " WHERE occurred_at >= :from AND occurred_at < :to" + toolsOnly
                        + " GROUP BY 1 ORDER BY sum(cost_usd) DESC, 1 LIMIT 1000")
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> new CostGroup(
                        rs.getString("key"),
                        rs.getLong("requests"),
                        rs.getBigDecimal("cost_usd"),
                        rs.getLong("prompt_tokens"),
                        rs.getLong("completion_tokens")))
                .list();
    }

    /**
     * One agent's record over a period.
     *
     * @param agent the agent
     * @param model the model most of its booked calls went to
     * @param attempts its outcomes
     * @param successes the successful ones
     * @param calls its booked calls
     * @param costUsd their cost
     */
    record AgentRecord(String agent, String model, long attempts, long successes, long calls, BigDecimal costUsd) {}

    /** Every agent with outcomes or spend in {@code [from, to)}. */
    List<AgentRecord> agents(Instant from, Instant to) {
        return jdbc.sql("""
                        WITH spend AS (
                            SELECT agent, count(*) AS calls, sum(cost_usd) AS cost_usd,
                                   mode() WITHIN GROUP (ORDER BY model) AS model
                            FROM cost.usage_ledger
                            WHERE occurred_at >= :from AND occurred_at < :to AND agent IS NOT NULL
                              AND coalesce(provider, '') <> 'mcp'
                            GROUP BY agent),
                        results AS (
                            SELECT agent, count(*) AS attempts, count(*) FILTER (WHERE success) AS successes
                            FROM cost.outcomes
                            WHERE occurred_at >= :from AND occurred_at < :to
                            GROUP BY agent)
                        SELECT coalesce(s.agent, r.agent) AS agent, coalesce(s.model, 'unknown') AS model,
                               coalesce(r.attempts, 0) AS attempts, coalesce(r.successes, 0) AS successes,
                               coalesce(s.calls, 0) AS calls, coalesce(s.cost_usd, 0) AS cost_usd
                        FROM spend s FULL JOIN results r ON r.agent = s.agent
                        ORDER BY 1
                        """)
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> new AgentRecord(
                        rs.getString("agent"),
                        rs.getString("model"),
                        rs.getLong("attempts"),
                        rs.getLong("successes"),
                        rs.getLong("calls"),
                        rs.getBigDecimal("cost_usd")))
                .list();
    }
}
