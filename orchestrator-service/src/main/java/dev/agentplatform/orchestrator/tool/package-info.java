/**
 * Function calling with capabilities: the tools an agent's capabilities offer, read from
 * mcp-service ({@code GET /v1/capabilities/{name}/tools}) and cached per capability, named for the
 * model as {@code <capability>__<tool>} and mapped back when the model calls one. Settings come from
 * {@code platform.orchestrator.tools}.
 */
package dev.agentplatform.orchestrator.tool;
