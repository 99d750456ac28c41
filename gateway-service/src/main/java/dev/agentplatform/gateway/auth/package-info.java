/**
 * API key authentication: every request outside {@code /actuator} needs a key, the caller's
 * identity comes from the key alone, and downstream services see it as {@code X-User-Id} and
 * {@code X-User-Tier}. Keys come from configuration for now; issue 3 moves them to a store.
 */
package dev.agentplatform.gateway.auth;
