package dev.agentplatform.common;

import java.math.BigDecimal;

/**
 * A reserved call's actual cost ({@code POST /v1/reservations/{id}/settle}), for a caller that does
 * not settle its holds with the usage events that name them (as the orchestrator does).
 *
 * @param costUsd what the call cost (0 or more)
 * @param agent the agent that made it, for the record (the spend metrics count the usage events)
 * @param provider the provider it called, for the record
 */
public record BudgetSettlement(BigDecimal costUsd, String agent, String provider) {}
