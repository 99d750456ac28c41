/**
 * LLM providers behind one port: {@link dev.agentplatform.orchestrator.provider.LlmProvider} takes
 * the messages of one call and returns the text and its token usage; the
 * {@link dev.agentplatform.orchestrator.provider.ProviderRegistry} binds the provider catalog
 * (model, tier, price per million tokens, QPS) to adapters and prices each call. Adapters by catalog
 * {@code type}: {@code simulated}, {@code openai-compatible} and {@code anthropic} (both through
 * langchain4j); an entry without an API key is answered by the simulated adapter, marked simulated.
 */
package dev.agentplatform.orchestrator.provider;
