/**
 * Per-agent capability allowlists: a capability call made for an agent (the caller names it in {@code X-Agent}) is
 * served only when that agent's definition in the router's registry declares the capability.
 */
package dev.agentplatform.mcp.agent;
