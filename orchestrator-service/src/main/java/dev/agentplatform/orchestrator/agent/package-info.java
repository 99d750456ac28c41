/**
 * The agents this orchestrator can run, from configuration: each agent's team, system prompt,
 * provider, tool capabilities and the behaviour of the simulated provider for it.
 */
package dev.agentplatform.orchestrator.agent;
