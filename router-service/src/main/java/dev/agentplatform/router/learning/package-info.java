/**
 * Learning from outcomes: the {@code platform.outcomes} consumer (group {@code router-service}),
 * per-agent EMA success rates shared in Redis and persisted to PostgreSQL, exported as
 * {@code router_agent_success_rate{agent}}, and the selector that turns them into the primary choice
 * with hysteresis.
 */
package dev.agentplatform.router.learning;
