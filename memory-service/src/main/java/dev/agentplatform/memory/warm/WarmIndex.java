package dev.agentplatform.memory.warm;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The WARM tier's store: memories with their embeddings, searchable three ways that {@link
 * WarmSearch} fuses. Implementations filter every read by {@link WarmQuery#userId()} inside the
 * store. Writes are idempotent by (user, id): writing a memory again replaces it.
 */
public interface WarmIndex extends AutoCloseable {

    /** Stores (or replaces) the memories and makes them durable and searchable before returning. */
    void upsert(Collection<Embedded> memories);

    /** The nearest memories to {@code vector} (unit length), best first. */
    List<Memory> nearest(WarmQuery query, float[] vector, int limit);

    /** The memories whose text best matches {@code text} (BM25), best first. */
    List<Memory> matching(WarmQuery query, String text, int limit);

    /** The most recently said memories, newest first. */
    List<Memory> recent(WarmQuery query, int limit);

    Optional<Memory> get(String userId, String id);

    /** Removes the memory {@code id} and every memory that came from the message {@code id}; returns how many. */
    long delete(String userId, String id);

    /** Removes everything of the user; returns how many memories were removed. */
    long deleteUser(String userId);

    /** How many memories the user has, by kind. */
    java.util.Map<String, Long> count(String userId);

    @Override
    void close();

    /**
     * A memory and its embedding.
     *
     * @param memory the memory
     * @param vector its unit-length embedding
     */
    record Embedded(Memory memory, float[] vector) {}
}
