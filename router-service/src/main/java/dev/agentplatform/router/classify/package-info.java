/**
 * Intent classification: how well each agent fits a prompt. {@link
 * dev.agentplatform.router.classify.IntentClassifier} is the port; the keyword classifier is the
 * first adapter, and the embedding classifier of issue 4 replaces it.
 */
package dev.agentplatform.router.classify;
