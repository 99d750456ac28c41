/**
 * Runs a routed task ({@code POST /v1/executions}): budget pre-check with cost-service (402 when
 * spent, cheaper tiers first when nearly spent), conversation context from memory-service, then the
 * strategy asked for: SINGLE (the plan's agents in order), PARALLEL (several agents on a bounded
 * pool under one deadline, the best answer by agreement and quality wins) or CASCADE (each agent
 * refines the previous answer, cheapest tier first, until one passes the quality check). Each agent
 * attempt runs behind its circuit breaker, uses its declared capabilities through mcp-service (by
 * bounded function calling when its provider is a real model) and publishes its usage and outcome
 * events. When the plan fails, the task degrades to healthy agents
 * of the same team, then any healthy agent; only then is it a 503. The result reports the strategy
 * that actually ran. With {@code task.async} the task is queued instead (see the task feature).
 */
package dev.agentplatform.orchestrator.execution;
