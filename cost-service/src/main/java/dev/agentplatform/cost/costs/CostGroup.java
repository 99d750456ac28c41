package dev.agentplatform.cost.costs;

import java.math.BigDecimal;

/**
 * One group's spend over a period.
 *
 * @param key the agent, model, provider, tool or user ({@code unknown} where a row named none)
 * @param requests booked calls
 * @param costUsd their cost
 * @param promptTokens their prompt tokens
 * @param completionTokens their completion tokens
 */
public record CostGroup(String key, long requests, BigDecimal costUsd, long promptTokens, long completionTokens) {}
