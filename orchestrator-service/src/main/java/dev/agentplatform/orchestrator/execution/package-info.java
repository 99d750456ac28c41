/**
 * Runs a routed task ({@code POST /v1/executions}): budget pre-check with cost-service, conversation
 * context from memory-service, the decision's agents in order until one answers (each using its
 * declared capabilities through mcp-service first), then the exchange stored in memory and usage
 * and outcome events published. Only SINGLE runs so far; the result reports what actually ran.
 */
package dev.agentplatform.orchestrator.execution;
