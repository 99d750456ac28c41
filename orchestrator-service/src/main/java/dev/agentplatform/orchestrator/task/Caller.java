package dev.agentplatform.orchestrator.task;

/**
 * Who a task runs for, as the service credential of its request said: a task answered at once and
 * an async task queued for later run for the same caller, with the same budgets.
 *
 * @param userId the paying user
 * @param tier the user's tier
 * @param requestId the client request being served, or {@code null}
 * @param keyId the API key the request came with, whose budget applies, or {@code null}
 * @param team that key's team, whose budget applies, or {@code null}
 * @param strictBudget {@code true} when a budget too small for an agent's model refuses the request
 *     ({@code X-Cost-Policy: strict}) instead of moving it to a cheaper model the budget can hold
 */
public record Caller(String userId, String tier, String requestId, String keyId, String team, boolean strictBudget) {}
