package dev.agentplatform.memory.warm;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

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

    /**
     * The rankings {@link WarmSearch} fuses, {@code depth} candidates each, from one view of the
     * store: nearest to {@code vector}, best matches of {@code text}, and (when {@code newest}) the
     * most recent. A memory is read only when {@link Rankings#memory} asks for it, so a search
     * reads the few it returns instead of every candidate.
     */
    Rankings rank(WarmQuery query, float[] vector, String text, int depth, boolean newest);

    Optional<Memory> get(String userId, String id);

    /** Removes the memory {@code id} and every memory that came from the message {@code id}; returns how many. */
    long delete(String userId, String id);

    /** Removes everything of the user; returns how many memories were removed. */
    long deleteUser(String userId);

    /** How many memories the user has, by kind. */
    Map<String, Long> count(String userId);

    @Override
    void close();

    /**
     * Candidates of one search, best first in each ranking: numbers standing for memories, the same
     * number for the same memory in every ranking.
     *
     * @param dense nearest by embedding
     * @param lexical best BM25 matches
     * @param recent newest (empty when not asked for)
     * @param reader the memory a candidate stands for
     * @param release lets go of the store's view the candidates were read from
     */
    record Rankings(int[] dense, int[] lexical, int[] recent, IntFunction<Memory> reader, Runnable release)
            implements AutoCloseable {

        /** The memory {@code candidate} stands for. */
        public Memory memory(int candidate) {
            return reader.apply(candidate);
        }

        @Override
        public void close() {
            release.run();
        }
    }

    /**
     * A memory and its embedding.
     *
     * @param memory the memory
     * @param vector its unit-length embedding, or {@code null} when its text has nothing the
     *     embedding reads (no word piece): it is then found by its words and its time only
     */
    record Embedded(Memory memory, float[] vector) {

        /** {@code memory} with {@code embedder}'s vector of its text, or none when the text has none. */
        public static Embedded of(Memory memory, TextEmbedder embedder) {
            try {
                return new Embedded(memory, embedder.embed(memory.text()));
            } catch (IllegalArgumentException blankToTheModel) {
                return new Embedded(memory, null);
            }
        }
    }
}
