/**
 * The {@code memory} capability: memory-service's search and write API served as the built-in server
 * {@code memory-service}, so agents use a user's long-term memory as a tool, always the memory of the user the
 * call's service credential acts for.
 */
package dev.agentplatform.mcp.memory;
