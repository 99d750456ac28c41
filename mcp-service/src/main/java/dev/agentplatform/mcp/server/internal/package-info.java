/**
 * Process and MCP session plumbing behind {@link dev.agentplatform.mcp.server.McpServers}: one stdio
 * connection per running server process, and the restart policy around it. Nothing outside the server
 * feature uses these types.
 */
package dev.agentplatform.mcp.server.internal;
