package dev.agentplatform.orchestrator.client;

import dev.agentplatform.common.BudgetCheck;
import dev.agentplatform.common.Headers;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Asks cost-service whether a user may spend. */
@Component
public class CostClient {

    private final RestClient rest;

    CostClient(RestClient.Builder builder, ClientsProperties properties) {
        this.rest =
                RestClients.build(builder, properties.costUrl(), properties.connectTimeout(), properties.readTimeout());
    }

    /**
     * The user's budget standing.
     *
     * @throws RestClientException when cost-service is unreachable, slow or answers with an error
     */
    public BudgetCheck budget(String userId, String tier) {
        BudgetCheck check = rest.get()
                .uri(uri -> uri.path("/v1/budgets/{userId}")
                        .queryParam("tier", tier)
                        .build(userId))
                // the credential names the user; cost-service answers only for that user
                .header(Headers.USER_ID, userId)
                .header(Headers.USER_TIER, tier)
                .retrieve()
                .body(BudgetCheck.class);
        if (check == null) {
            throw new RestClientException("cost-service answered the budget check with an empty body");
        }
        return check;
    }
}
