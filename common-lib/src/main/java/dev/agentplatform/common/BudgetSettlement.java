package dev.agentplatform.common;

import java.math.BigDecimal;

/**
 * A reserved call's actual cost ({@code POST /v1/reservations/{id}/settle}).
 *
 * @param costUsd what the call cost (0 or more)
 * @param agent the agent that made it, for the spend metrics
 * @param provider the provider it called, for the spend metrics
 */
public record BudgetSettlement(BigDecimal costUsd, String agent, String provider) {}
