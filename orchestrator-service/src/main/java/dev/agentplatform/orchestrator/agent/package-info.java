/**
 * The agents this orchestrator can run, from configuration: each agent's team, system prompt,
 * provider chain (a provider, then fallback providers), tool capabilities and the behaviour of the
 * simulated provider for it. An agent registered at the router at runtime and unknown here runs
 * with {@link dev.agentplatform.orchestrator.agent.Agent#unconfigured a default profile}.
 */
package dev.agentplatform.orchestrator.agent;
