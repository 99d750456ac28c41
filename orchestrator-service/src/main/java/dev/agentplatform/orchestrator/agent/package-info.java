/**
 * The agents this orchestrator can run, as the registry (router-service) defines them: each
 * agent's team, system prompt, tool capabilities and tier, with its provider chain resolved
 * against the provider catalog and the keys that are set.
 */
package dev.agentplatform.orchestrator.agent;
