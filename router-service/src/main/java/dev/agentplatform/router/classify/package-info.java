/**
 * Intent classification: how well each agent fits a prompt. {@link
 * dev.agentplatform.router.classify.IntentClassifier} is the port; {@link
 * dev.agentplatform.router.classify.EmbeddingIntentClassifier} (all-MiniLM-L6-v2 prototypes plus a
 * lexical signal, calibrated by a softmax) is what the service uses, the keyword classifier a
 * model-free adapter for tests. {@link dev.agentplatform.router.classify.PromptEmbedder} embeds each
 * prompt once, off the request threads, or reuses the gateway's embedding.
 */
package dev.agentplatform.router.classify;
