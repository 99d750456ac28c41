/**
 * LLM providers behind one port: {@link dev.agentplatform.orchestrator.provider.LlmProvider} takes
 * the messages of one call and returns the text and its token usage; the
 * {@link dev.agentplatform.orchestrator.provider.ProviderRegistry} binds the provider catalog
 * (model, tier, price per million tokens) to adapters and prices each call. Only the simulated
 * adapter exists so far; real ones (OpenAI-compatible, Anthropic) plug in by catalog {@code type}.
 */
package dev.agentplatform.orchestrator.provider;
