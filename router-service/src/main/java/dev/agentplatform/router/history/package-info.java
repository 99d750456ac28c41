/**
 * Routing history in PostgreSQL: each routed task's decision (prompt hash and embedding, never the
 * text), joined with the outcome of its agent from {@code platform.outcomes}; and the refit that
 * rebuilds agent prototypes from prompts answered successfully ({@code POST /admin/v1/router/refit}).
 */
package dev.agentplatform.router.history;
