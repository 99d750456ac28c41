package dev.agentplatform.orchestrator.chaos;

/**
 * Chaos injected into one agent's simulated calls.
 *
 * @param agent the agent it applies to
 * @param failureRate the share of calls that fail, 0.0 to 1.0
 * @param latencyMs how long each call takes, in milliseconds
 */
public record Chaos(String agent, double failureRate, long latencyMs) {}
