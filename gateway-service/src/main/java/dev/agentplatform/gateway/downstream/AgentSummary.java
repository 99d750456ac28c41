package dev.agentplatform.gateway.downstream;

/**
 * What the gateway needs of an agent from the router's {@code GET /v1/agents}.
 *
 * @param name the agent's name
 * @param team its team
 * @param description what it is good at
 */
public record AgentSummary(String name, String team, String description) {}
