/**
 * The operators' API, reached through the gateway with the admin key only (and checked here again
 * from the service credential): budgets per user, team and key ({@code /admin/v1/budgets}), spend
 * by agent, model, provider and user ({@code /admin/v1/costs}) and the advice drawn from it.
 */
package dev.agentplatform.cost.admin;
