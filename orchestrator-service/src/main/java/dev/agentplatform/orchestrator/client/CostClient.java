package dev.agentplatform.orchestrator.client;

import dev.agentplatform.common.BudgetCheck;
import dev.agentplatform.common.BudgetReservation;
import dev.agentplatform.common.BudgetReservationRequest;
import dev.agentplatform.common.Headers;
import java.math.BigDecimal;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks cost-service whether a user may spend, and holds and releases what a call may cost; a hold is
 * settled by the call's usage events on the usage stream, not by a call.
 */
@Component
public class CostClient {

    private final RestClient rest;

    CostClient(RestClient.Builder builder, ClientsProperties properties) {
        this.rest =
                RestClients.build(builder, properties.costUrl(), properties.connectTimeout(), properties.readTimeout());
    }

    /**
     * The standing of the binding budget (the one with the smallest share left) among the user's and,
     * when given, those of the API key {@code keyId} and its {@code team}.
     *
     * @throws RestClientException when cost-service is unreachable, slow or answers with an error
     */
    public BudgetCheck budget(String userId, String tier, String team, String keyId) {
        BudgetCheck check = rest.get()
                .uri(uri -> {
                    uri.path("/v1/budgets/{userId}").queryParam("tier", tier);
                    if (team != null) {
                        uri.queryParam("team", team);
                    }
                    if (keyId != null) {
                        uri.queryParam("keyId", keyId);
                    }
                    return uri.build(userId);
                })
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

    /**
     * Holds {@code amountUsd} in every budget of the user, and of the team and API key when given.
     *
     * @throws BudgetRefused when a budget has no room (cost-service's 402)
     * @throws RestClientException when cost-service is unreachable, slow or answers otherwise
     */
    public BudgetReservation reserve(String userId, String tier, String team, String keyId, BigDecimal amountUsd) {
        return reserve(userId, tier, team, keyId, amountUsd, null);
    }

    /**
     * Holds {@code amountUsd} as {@link #reserve(String, String, String, String, BigDecimal)} does,
     * for {@code leaseSeconds} unless closed before ({@code null}: cost-service's default lease).
     *
     * @throws BudgetRefused when a budget has no room (cost-service's 402)
     * @throws RestClientException when cost-service is unreachable, slow or answers otherwise
     */
    public BudgetReservation reserve(
            String userId, String tier, String team, String keyId, BigDecimal amountUsd, Integer leaseSeconds) {
        try {
            BudgetReservation reservation = rest.post()
                    .uri("/v1/reservations")
                    .header(Headers.USER_ID, userId)
                    .header(Headers.USER_TIER, tier)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new BudgetReservationRequest(userId, tier, team, keyId, amountUsd, leaseSeconds))
                    .retrieve()
                    .body(BudgetReservation.class);
            if (reservation == null || reservation.reservationId() == null) {
                throw new RestClientException("cost-service answered the reservation with an empty body");
            }
            return reservation;
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().value() != HttpStatus.PAYMENT_REQUIRED.value()) {
                throw e;
            }
            ProblemDetail problem = e.getResponseBodyAs(ProblemDetail.class);
            if (problem == null) {
                problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYMENT_REQUIRED, "The budget is spent");
                problem.setType(URI.create("about:blank"));
            }
            throw new BudgetRefused(
                    problem,
                    e.getResponseHeaders() == null
                            ? null
                            : e.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        }
    }

    /**
     * Closes a budget lease: cost-service keeps held what of {@code awaitingUsd} (the cost of all the
     * usage events made under it) those events have not booked yet, and gives back the rest.
     *
     * @throws RestClientException when cost-service is unreachable, slow or answers with an error
     */
    public void close(String userId, String tier, String leaseId, BigDecimal awaitingUsd) {
        rest.delete()
                .uri(uri -> uri.path("/v1/reservations/{id}")
                        .queryParam(
                                "awaitingUsd", awaitingUsd.stripTrailingZeros().toPlainString())
                        .build(leaseId))
                .header(Headers.USER_ID, userId)
                .header(Headers.USER_TIER, tier)
                .retrieve()
                .toBodilessEntity();
    }

    /** Gives a hold back: the call failed or never happened. */
    public void release(String userId, String tier, String reservationId) {
        rest.delete()
                .uri("/v1/reservations/{id}", reservationId)
                .header(Headers.USER_ID, userId)
                .header(Headers.USER_TIER, tier)
                .retrieve()
                .toBodilessEntity();
    }
}
