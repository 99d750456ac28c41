/**
 * Where the money went and where it need not go: spend over a period grouped by agent, model,
 * provider, tool or user, and advice to move an agent to a cheaper model whose success was
 * comparable (Wilson score intervals, nothing from fewer than a configured number of outcomes).
 */
package dev.agentplatform.cost.costs;
