/**
 * API key authentication: every request outside {@code /actuator} needs a key, the caller's
 * identity comes from the key alone, and downstream services see it as {@code X-User-Id} and
 * {@code X-User-Tier}. Keys come from configuration (the development key) or are issued through
 * {@code /admin/v1/keys} and kept in Redis as SHA-256 digests; changing the agent registry and the
 * admin API need the admin key.
 */
package dev.agentplatform.gateway.auth;
