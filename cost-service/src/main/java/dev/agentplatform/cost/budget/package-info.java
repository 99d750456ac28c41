/**
 * Daily budgets by user tier and the pre-check the orchestrator asks before spending:
 * {@code GET /v1/budgets/{userId}?tier=}.
 */
package dev.agentplatform.cost.budget;
