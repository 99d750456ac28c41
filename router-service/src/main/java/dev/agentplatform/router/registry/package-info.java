/**
 * The agents the router may choose from: the catalog read from configuration and the read-only
 * {@code GET /v1/agents} view of it. Runtime registration arrives with issue 4.
 */
package dev.agentplatform.router.registry;
