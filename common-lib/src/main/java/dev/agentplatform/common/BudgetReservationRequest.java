package dev.agentplatform.common;

import java.math.BigDecimal;

/**
 * Asks cost-service to hold a call's worst-case cost in every budget that applies
 * ({@code POST /v1/reservations}).
 *
 * @param userId who pays
 * @param tier that user's tier, for the tier's default budget
 * @param team the team whose budget also applies, or {@code null}
 * @param keyId the API key whose budget also applies, or {@code null}
 * @param amountUsd the most the call can cost
 * @param leaseSeconds how long the hold lasts unless settled or released; {@code null} for the
 *     service's default
 */
public record BudgetReservationRequest(
        String userId, String tier, String team, String keyId, BigDecimal amountUsd, Integer leaseSeconds) {}
