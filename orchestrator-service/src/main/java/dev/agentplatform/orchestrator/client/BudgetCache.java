package dev.agentplatform.orchestrator.client;

import dev.agentplatform.common.BudgetCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * A caller's budget standing from cost-service (the binding one of its user's, team's and API key's
 * budgets), reused for a short while
 * ({@link ClientsProperties#budgetCacheTtl()}, default 1 s; 0 asks every time). A busy
 * user's tasks then share one budget check a second instead of one HTTP round trip each, at the
 * price of a refusal arriving up to that long after the budget ran out. Failures are not kept: the
 * next task asks again.
 */
@Component
public class BudgetCache {

    /** Entries kept at most; past it the cache starts over (every entry expires within the TTL anyway). */
    private static final int MAX_ENTRIES = 10_000;

    /** How many TTLs old a standing may be and still be answered while it is refreshed. */
    static final int STALE_FACTOR = 5;

    private record Entry(BudgetCheck check, long expiresAtMillis) {}

    /** Whose standing an entry holds: the budgets that apply differ with the team and the key. */
    private record Key(String userId, String tier, String team, String keyId) {}

    private final CostClient cost;
    private final long ttlMillis;
    private final Clock clock;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Set<Key> refreshing = ConcurrentHashMap.newKeySet();
    private final Executor refresher;

    @Autowired
    BudgetCache(CostClient cost, ClientsProperties properties) {
        this(cost, properties.budgetCacheTtl(), Clock.systemUTC(), Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "budget-refresh");
            thread.setDaemon(true);
            return thread;
        }));
    }

    BudgetCache(CostClient cost, Duration ttl, Clock clock, Executor refresher) {
        this.cost = cost;
        this.ttlMillis = Math.max(0, ttl.toMillis());
        this.clock = clock;
        this.refresher = refresher;
    }

    /**
     * The standing of the user's budgets and, when given, those of API key {@code keyId} and its
     * {@code team}, at most the TTL old.
     *
     * @throws RestClientException when cost-service has to be asked and cannot answer
     */
    public BudgetCheck budget(String userId, String tier, String team, String keyId) {
        if (ttlMillis == 0) {
            return cost.budget(userId, tier, team, keyId);
        }
        Key key = new Key(userId, tier, team, keyId);
        long now = clock.millis();
        Entry entry = entries.get(key);
        if (entry != null && entry.expiresAtMillis() > now) {
            return entry.check();
        }
        if (entry != null && entry.expiresAtMillis() + (STALE_FACTOR - 1) * ttlMillis > now) {
            refreshInBackground(key);
            return entry.check();
        }
        return fetch(key);
    }

    private BudgetCheck fetch(Key key) {
        BudgetCheck check = cost.budget(key.userId(), key.tier(), key.team(), key.keyId());
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(check, clock.millis() + ttlMillis));
        return check;
    }

    private void refreshInBackground(Key key) {
        if (!refreshing.add(key)) {
            return;
        }
        try {
            refresher.execute(() -> {
                try {
                    fetch(key);
                } catch (RuntimeException e) {
                    // the standing ages out and the next task asks on the spot
                } finally {
                    refreshing.remove(key);
                }
            });
        } catch (RuntimeException e) {
            refreshing.remove(key);
        }
    }
}
