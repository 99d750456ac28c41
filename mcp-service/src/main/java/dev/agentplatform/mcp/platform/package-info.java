/**
 * The platform itself as one MCP server (Streamable HTTP, stateless, MCP Java SDK) at {@code /mcp}, reached
 * through the gateway's {@code /mcp}, which authenticates the caller's API key and signs the call for that user:
 * tool {@code ask} runs a task through the router; every capability tool is offered as
 * {@code <capability>__<tool>}.
 */
package dev.agentplatform.mcp.platform;
