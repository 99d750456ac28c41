/**
 * Budget advice from the cost service: how much pressure a user's remaining daily budget puts on
 * the choice of agent, so that cheaper agents win as the budget runs low.
 */
package dev.agentplatform.router.budget;
