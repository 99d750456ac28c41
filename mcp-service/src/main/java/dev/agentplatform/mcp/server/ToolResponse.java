package dev.agentplatform.mcp.server;

/**
 * What a tool answered.
 *
 * @param text the tool's text content, blocks joined by newlines; other content kinds appear as a placeholder
 * @param error whether the tool reported the call as failed ({@code isError})
 */
public record ToolResponse(String text, boolean error) {}
