/**
 * The OpenAI-compatible {@code GET /v1/models}: the router's list of what {@code model} may name
 * ({@code auto}, teams, agents, catalog models), or, without it, the router's agents and teams plus
 * {@code auto}.
 */
package dev.agentplatform.gateway.models;
