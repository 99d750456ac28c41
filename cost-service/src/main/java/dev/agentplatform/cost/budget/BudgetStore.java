package dev.agentplatform.cost.budget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The budgets administrators set, in PostgreSQL. Reads are cached for a few seconds (every request
 * asks for up to three); this instance forgets its copy on a write, other instances within the TTL.
 */
@Repository
public class BudgetStore {

    private record Key(BudgetScope scope, String id) {}

    private final JdbcClient jdbc;
    private final Cache<Key, Optional<ScopeBudget>> cache;

    BudgetStore(JdbcClient jdbc, BudgetProperties properties) {
        this.jdbc = jdbc;
        this.cache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(properties.cacheTtl())
                .build();
    }

    /** The budget set for {@code id}, if any. */
    public Optional<ScopeBudget> find(BudgetScope scope, String id) {
        return cache.get(new Key(scope, id), key -> load(scope, id));
    }

    private Optional<ScopeBudget> load(BudgetScope scope, String id) {
        return jdbc.sql("""
                        SELECT daily_usd, monthly_usd, timezone, updated_at FROM cost.budgets
                        WHERE scope = :scope AND scope_id = :id
                        """)
                .param("scope", scope.id())
                .param("id", id)
                .query((rs, row) -> new ScopeBudget(
                        scope,
                        id,
                        rs.getBigDecimal("daily_usd"),
                        rs.getBigDecimal("monthly_usd"),
                        ZoneId.of(rs.getString("timezone")),
                        rs.getTimestamp("updated_at").toInstant()))
                .optional();
    }

    /** Sets (creates or replaces) a budget. */
    public ScopeBudget put(BudgetScope scope, String id, BigDecimal dailyUsd, BigDecimal monthlyUsd, ZoneId zone) {
        jdbc.sql("""
                        INSERT INTO cost.budgets (scope, scope_id, daily_usd, monthly_usd, timezone, updated_at)
                        VALUES (:scope, :id, :daily, :monthly, :zone, now())
                        ON CONFLICT (scope, scope_id) DO UPDATE SET daily_usd = excluded.daily_usd,
                            monthly_usd = excluded.monthly_usd, timezone = excluded.timezone, updated_at = now()
                        """)
                .param("scope", scope.id())
                .param("id", id)
                .param("daily", dailyUsd)
                .param("monthly", monthlyUsd)
                .param("zone", zone.getId())
                .update();
        cache.invalidate(new Key(scope, id));
        return find(scope, id).orElseThrow();
    }

    /** Removes a budget; whether there was one. */
    public boolean delete(BudgetScope scope, String id) {
        int removed = jdbc.sql("DELETE FROM cost.budgets WHERE scope = :scope AND scope_id = :id")
                .param("scope", scope.id())
                .param("id", id)
                .update();
        cache.invalidate(new Key(scope, id));
        return removed > 0;
    }
}
