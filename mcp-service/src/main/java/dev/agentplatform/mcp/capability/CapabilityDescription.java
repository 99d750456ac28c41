package dev.agentplatform.mcp.capability;

import java.math.BigDecimal;
import java.util.List;

/**
 * A capability as {@code GET /v1/capabilities} lists it.
 *
 * @param name the capability's name, used in {@code POST /v1/capabilities/{name}/call}
 * @param servers its MCP servers, primary first
 * @param tools the tools it offers, as the servers listed them (empty while none of its servers has started)
 * @param defaultTool the tool called when a request names none
 * @param costPerCallUsd the price of one call in US dollars
 */
public record CapabilityDescription(
        String name, List<String> servers, List<String> tools, String defaultTool, BigDecimal costPerCallUsd) {}
