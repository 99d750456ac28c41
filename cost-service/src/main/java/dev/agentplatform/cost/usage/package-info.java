/** The caller's own spend and budget for today: {@code GET /v1/usage}, reached through the gateway. */
package dev.agentplatform.cost.usage;
