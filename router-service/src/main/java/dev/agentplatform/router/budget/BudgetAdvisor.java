package dev.agentplatform.router.budget;

import dev.agentplatform.common.BudgetCheck;
import dev.agentplatform.common.Headers;
import dev.agentplatform.support.http.PooledHttp;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.RestClient;

/**
 * Budget pressure per user, 0 (plenty left or unlimited) to 1 (nothing left), from the cost
 * service's {@code GET /v1/budgets/{userId}?tier=}. Answers are cached briefly; when the cost service
 * is slow or down the advice is simply absent (pressure 0) and routing goes on.
 */
public class BudgetAdvisor {

    private static final Logger log = LoggerFactory.getLogger(BudgetAdvisor.class);

    private final BudgetProperties properties;
    private final RestClient client;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public BudgetAdvisor(RestClient.Builder builder, BudgetProperties properties) {
        this.properties = properties;
        this.client = builder.clone()
                .baseUrl(properties.costUrl().toString())
                .requestFactory(PooledHttp.requestFactory(properties.timeout(), properties.timeout()))
                .build();
    }

    /** The pressure the user's budget puts on cost; 0 when unknown. */
    public double pressure(String userId, String tier) {
        if (!properties.enabled() || userId == null || userId.isBlank()) {
            return 0;
        }
        String key = userId + '\u0000' + (tier == null ? "" : tier);
        long now = System.nanoTime();
        Cached cached = cache.get(key);
        if (cached != null && cached.expiresAt() - now > 0) {
            return cached.pressure();
        }
        double pressure;
        Duration ttl = properties.cacheTtl();
        try {
            BudgetCheck check = client.get()
                    .uri(b -> {
                        b.path("/v1/budgets/{userId}");
                        if (tier != null && !tier.isBlank()) {
                            b.queryParam("tier", tier);
                        }
                        return b.build(userId);
                    })
                    // the credential the shared client signs names this user: cost-service answers
                    // a budget only to a call that acts for its user (403 otherwise)
                    .header(Headers.USER_ID, userId)
                    .headers(h -> {
                        if (tier != null && !tier.isBlank()) {
                            h.set(Headers.USER_TIER, tier);
                        }
                    })
                    .retrieve()
                    .body(BudgetCheck.class);
            pressure = pressure(check, properties.lowFraction());
        } catch (RuntimeException e) {
            log.debug("no budget advice for {}: {}", userId, e.toString());
            pressure = 0;
            // do not ask a struggling cost service again for every request
            ttl = ttl.dividedBy(2);
        }
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(key, new Cached(pressure, now + ttl.toNanos()));
        return pressure;
    }

    static double pressure(BudgetCheck check, double lowFraction) {
        if (check == null) {
            return 0;
        }
        if (!check.allowed()) {
            return 1;
        }
        BigDecimal limit = check.dailyLimitUsd();
        BigDecimal remaining = check.remainingUsd();
        if (limit == null || remaining == null || limit.signum() <= 0) {
            return 0;
        }
        double fraction = remaining.divide(limit, 6, RoundingMode.HALF_UP).doubleValue();
        return Math.max(0, Math.min(1, (lowFraction - fraction) / lowFraction));
    }

    private record Cached(double pressure, long expiresAt) {}
}
