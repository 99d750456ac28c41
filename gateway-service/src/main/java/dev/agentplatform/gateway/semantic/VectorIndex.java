package dev.agentplatform.gateway.semantic;

import java.time.Instant;
import java.util.List;

/**
 * Nearest-neighbour search over stored prompt embeddings, partitioned by scope and model. Calls
 * block (disk or network): callers run them off the event loop.
 */
public interface VectorIndex extends AutoCloseable {

    /**
     * One stored prompt and the answer to it.
     *
     * @param scope the tenant scope (who may be served this entry)
     * @param model the requested model
     * @param prompt the prompt as the client sent it, for the false-hit guard
     * @param vector its normalised embedding
     * @param payload the cached response bytes
     * @param expiresAt after this instant the entry is never returned
     */
    record Entry(String scope, String model, String prompt, float[] vector, byte[] payload, Instant expiresAt) {}

    /** A stored entry and its cosine similarity to the query vector. */
    record Match(Entry entry, double similarity) {}

    /** Stores an entry, replacing one with the same scope, model and prompt. */
    void upsert(Entry entry);

    /**
     * The at most {@code limit} unexpired entries of this scope and model most similar to {@code
     * vector} with a similarity of at least {@code minSimilarity}, most similar first.
     */
    List<Match> search(String scope, String model, float[] vector, int limit, double minSimilarity, Instant now);

    /** Removes every entry (tests and operators). */
    void clear();

    @Override
    void close();
}
