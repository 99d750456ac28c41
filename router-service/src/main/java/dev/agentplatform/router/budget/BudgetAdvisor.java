package dev.agentplatform.router.budget;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.agentplatform.common.BudgetCheck;
import dev.agentplatform.common.Headers;
import dev.agentplatform.support.http.PooledHttp;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.RestClient;

/**
 * Budget pressure per caller, 0 (plenty left or unlimited) to 1 (nothing left), from the cost
 * service's {@code GET /v1/budgets/{userId}?tier=&team=&keyId=}: the binding one of the user's, the
 * API key's and its team's budgets, as the orchestrator's tier caps read it. Answers are cached ({@code cacheTtl}) and
 * refreshed in the background once they are older than that, while the last answer is still used:
 * only a user's first request waits for cost-service, and concurrent requests share that one call
 * (Caffeine's loading cache). An answer older than five TTLs is not used. When the cost service is
 * slow or down the advice is simply absent (pressure 0) and routing goes on.
 */
public class BudgetAdvisor {

    private static final Logger log = LoggerFactory.getLogger(BudgetAdvisor.class);

    private final BudgetProperties properties;
    private final RestClient client;
    private final LoadingCache<Payer, Double> cache;

    /** Whose budgets are asked about (blank, not {@code null}, for what is not known). */
    private record Payer(String userId, String tier, String team, String keyId) {}

    public BudgetAdvisor(RestClient.Builder builder, BudgetProperties properties) {
        this.properties = properties;
        this.client = builder.clone()
                .baseUrl(properties.costUrl().toString())
                .requestFactory(PooledHttp.requestFactory(properties.timeout(), properties.timeout()))
                .build();
        Duration ttl = properties.cacheTtl();
        this.cache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .refreshAfterWrite(ttl)
                .expireAfterWrite(ttl.multipliedBy(5))
                .build(this::ask);
    }

    /**
     * The pressure the binding budget of the user's and, when given, the API key's and its team's
     * puts on cost; 0 when unknown.
     */
    public double pressure(String userId, String tier, String team, String keyId) {
        if (!properties.enabled() || userId == null || userId.isBlank()) {
            return 0;
        }
        Double pressure = cache.get(new Payer(userId, blankIfNull(tier), blankIfNull(team), blankIfNull(keyId)));
        return pressure == null ? 0 : pressure;
    }

    private static String blankIfNull(String value) {
        return value == null ? "" : value;
    }

    private double ask(Payer key) {
        String userId = key.userId();
        String tier = key.tier();
        try {
            BudgetCheck check = client.get()
                    .uri(b -> {
                        b.path("/v1/budgets/{userId}");
                        if (!tier.isBlank()) {
                            b.queryParam("tier", tier);
                        }
                        if (!key.team().isBlank()) {
                            b.queryParam("team", key.team());
                        }
                        if (!key.keyId().isBlank()) {
                            b.queryParam("keyId", key.keyId());
                        }
                        return b.build(userId);
                    })
                    // the credential the shared client signs names this user: cost-service answers
                    // a budget only to a call that acts for its user (403 otherwise)
                    .header(Headers.USER_ID, userId)
                    .headers(h -> {
                        if (!tier.isBlank()) {
                            h.set(Headers.USER_TIER, tier);
                        }
                    })
                    .retrieve()
                    .body(BudgetCheck.class);
            return pressure(check, properties.lowFraction());
        } catch (RuntimeException e) {
            log.debug("no budget advice for {}: {}", userId, e.toString());
            return 0;
        }
    }

    static double pressure(BudgetCheck check, double lowFraction) {
        if (check == null) {
            return 0;
        }
        if (!check.allowed()) {
            return 1;
        }
        Double fraction = check.shareLeft();
        if (fraction == null) {
            return 0;
        }
        return Math.max(0, Math.min(1, (lowFraction - fraction) / lowFraction));
    }
}
