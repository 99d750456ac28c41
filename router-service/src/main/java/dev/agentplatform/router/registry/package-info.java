/**
 * The agents the router may choose from: a registry in PostgreSQL (schema {@code router}) seeded
 * once from configuration, changed at runtime through {@code POST/DELETE /v1/agents}, and held as an
 * in-memory snapshot on every instance that a Redis announcement or a version poll reloads.
 */
package dev.agentplatform.router.registry;
