/**
 * The OpenAI-compatible {@code GET /v1/models}: the router's agents and teams, plus {@code auto},
 * as the models a client may ask for.
 */
package dev.agentplatform.gateway.models;
