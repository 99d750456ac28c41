/**
 * Chaos for the simulated provider: {@code PUT /admin/v1/chaos/agents/{name}} sets an agent's
 * failure rate and latency, {@code DELETE} clears it. Settings live in Redis so every orchestrator
 * instance sees them; each instance keeps a local copy refreshed in the background, so the call
 * path never waits for Redis.
 */
package dev.agentplatform.orchestrator.chaos;
