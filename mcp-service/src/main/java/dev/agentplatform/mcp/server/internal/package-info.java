/**
 * Process, connection and MCP session plumbing behind {@link dev.agentplatform.mcp.server.McpServers}: one
 * initialized session per running server (a child process over stdio, or a server over Streamable HTTP), and the
 * restart and reconnect policy around it. Nothing outside the server feature uses these types.
 */
package dev.agentplatform.mcp.server.internal;
