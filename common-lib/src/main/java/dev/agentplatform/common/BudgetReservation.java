package dev.agentplatform.common;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A hold on budgets, to settle with the call's actual cost or to release.
 *
 * @param reservationId names it in the settle and release calls
 * @param amountUsd what it holds
 * @param expiresAt when it is given back unless settled first
 */
public record BudgetReservation(String reservationId, BigDecimal amountUsd, Instant expiresAt) {}
