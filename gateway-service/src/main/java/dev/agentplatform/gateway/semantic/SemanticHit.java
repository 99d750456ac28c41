package dev.agentplatform.gateway.semantic;

/**
 * A cached answer served for a prompt that means the same as the one it was stored for.
 *
 * @param cachedResponse the stored response bytes
 * @param similarity cosine similarity of the two prompts' embeddings (for {@code X-Cache-Similarity})
 * @param matchedPrompt the prompt the answer was stored for
 */
public record SemanticHit(byte[] cachedResponse, double similarity, String matchedPrompt) {}
