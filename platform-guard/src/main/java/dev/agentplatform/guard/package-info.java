/**
 * The prompt-injection detector every service uses on text a model will read: classic phrasings
 * as patterns (English and German) plus a logistic regression over character and word n-grams,
 * trained offline on public prompts and this module's benign tasks and loaded from {@code
 * guard/ngram-model.bin} on the classpath (no training at start-up). Plain Java,
 * no Spring; the services decide what a finding leads to (the gateway refuses or flags a message,
 * the orchestrator withholds a tool result).
 */
package dev.agentplatform.guard;
