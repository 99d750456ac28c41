/**
 * The WARM memory tier: every message (and each segment of consecutive messages) embedded with the
 * platform's MiniLM and kept in a {@link dev.agentplatform.memory.warm.WarmIndex} (embedded Lucene:
 * HNSW vectors and BM25 text on disk), searched by {@link dev.agentplatform.memory.warm.WarmSearch}
 * with dense, lexical and recency rankings fused by reciprocal rank. Every read is filtered by the
 * user inside the index.
 */
package dev.agentplatform.memory.warm;
