/**
 * The MCP servers this service runs: one child process per configured server, spoken to over stdio
 * with the official MCP Java SDK, started with the application, restarted when it dies, and reported
 * per server on the readiness health group. Other features use {@link dev.agentplatform.mcp.server.McpServers}
 * only; {@code internal} holds the process and client plumbing.
 */
package dev.agentplatform.mcp.server;
