package dev.agentplatform.memory.warm;

/**
 * What the WARM tier embeds memories and queries with: unit-length vectors of {@link
 * dev.agentplatform.support.embedding.MiniLmEmbedder#DIMENSIONS} floats, compared by dot product.
 */
public interface TextEmbedder extends AutoCloseable {

    /**
     * The unit-length embedding of {@code text}.
     *
     * @throws IllegalArgumentException when the text is blank to the model
     */
    float[] embed(String text);

    /**
     * Names the vector space: the index records it, and vectors of another name are made again
     * (see {@link LuceneWarmIndex#adopt}).
     */
    String name();

    /** Releases what the embedder holds (its tokenizer, its model); nothing to throw. */
    @Override
    default void close() {}
}
