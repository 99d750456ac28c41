package dev.agentplatform.cost.ledger;

import java.math.BigDecimal;

/**
 * One agent's share of a user's usage.
 *
 * @param agent the agent, {@code unknown} for events that named none
 * @param requests booked events
 * @param costUsd their summed cost
 * @param promptTokens their summed prompt tokens
 * @param completionTokens their summed completion tokens
 */
public record AgentUsage(String agent, long requests, BigDecimal costUsd, long promptTokens, long completionTokens) {}
