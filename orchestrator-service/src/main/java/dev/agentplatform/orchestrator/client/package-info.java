/**
 * HTTP clients for the orchestrator's neighbours: cost-service (budget pre-check), memory-service
 * (conversation context) and mcp-service (capability calls). All are built from Boot's
 * {@code RestClient.Builder}, so request ids and trace context travel with every call; base URLs
 * and timeouts come from {@code platform.orchestrator.clients}. Failures surface as Spring's
 * {@code RestClientException}; callers decide whether to degrade.
 */
package dev.agentplatform.orchestrator.client;
