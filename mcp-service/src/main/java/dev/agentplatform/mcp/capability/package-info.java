/**
 * Capabilities: named, priced uses of MCP tools that agents call over HTTP. Each capability routes to an
 * ordered chain of MCP servers (primary first, then fallbacks), fills in a default tool and default arguments,
 * and counts every tool call by capability, server, tool and outcome.
 */
package dev.agentplatform.mcp.capability;
