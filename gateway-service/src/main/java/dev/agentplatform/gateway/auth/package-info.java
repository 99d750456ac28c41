/**
 * API key authentication: every request outside {@code /actuator} needs a key, the caller's
 * identity comes from the key alone, and downstream services see it as {@code X-User-Id} and
 * {@code X-User-Tier}. Keys come from configuration (the development key) or are issued through
 * {@code /admin/v1/keys} and kept as SHA-256 digests in PostgreSQL (schema {@code gateway}, the
 * source of truth) with Redis as the cache in front; the admin API and changes to the agent
 * registry need the admin key, by an explicit list of operations ({@code AdminRoutes}).
 */
package dev.agentplatform.gateway.auth;
