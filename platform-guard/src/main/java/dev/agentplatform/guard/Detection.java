package dev.agentplatform.guard;

/**
 * What the detector found in one text.
 *
 * @param injection whether the text counts as a prompt injection
 * @param score the injection score in [0, 1]; 1 for a pattern match
 * @param reason a short, log-safe explanation: the pattern's name or the classifier's score
 */
public record Detection(boolean injection, double score, String reason) {

    /** An empty or absent text: nothing to find. */
    public static final Detection NOTHING = new Detection(false, 0.0, "empty");
}
