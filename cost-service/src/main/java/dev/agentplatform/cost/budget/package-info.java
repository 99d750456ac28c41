/**
 * Budgets (by user tier, and per user, team and API key) and the pre-check the orchestrator asks
 * before spending: {@code GET /v1/budgets/{userId}?tier=&team=&keyId=}, answered for the binding one.
 */
package dev.agentplatform.cost.budget;
