package dev.agentplatform.router.classify;

/** Turns text into an L2-normalised embedding. */
public interface TextEmbedder {

    /** The embedding of {@code text}, unit length. */
    float[] embed(String text);

    /** How many dimensions {@link #embed} returns. */
    int dimensions();
}
