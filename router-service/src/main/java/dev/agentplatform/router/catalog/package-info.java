/**
 * What the router checks names against but does not own: the orchestrator's provider catalog
 * ({@code GET /v1/providers}) and mcp-service's capabilities ({@code GET /v1/capabilities}), each
 * fetched on demand and kept for a short while, so an agent definition never names a provider or
 * capability that does not exist and a request may address a catalog model by its id.
 */
package dev.agentplatform.router.catalog;
