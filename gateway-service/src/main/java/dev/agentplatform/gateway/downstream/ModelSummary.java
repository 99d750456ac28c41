package dev.agentplatform.gateway.downstream;

/**
 * One value a request's {@code model} may take, from the router's {@code GET /v1/models}.
 *
 * @param id the value
 * @param kind what it names: {@code auto}, {@code team}, {@code agent} or {@code model} (a catalog model)
 * @param ownedBy who it belongs to: the platform, an agent's team, a model's catalog entry
 */
public record ModelSummary(String id, String kind, String ownedBy) {}
