package dev.agentplatform.gateway.guard;

/**
 * What the input guard decided about one prompt.
 *
 * @param action what the gateway should do with the request
 * @param score the injection score in [0, 1]; 1 for a pattern match
 * @param reason a short, log-safe explanation (the pattern's name or the classifier's score)
 */
public record GuardVerdict(Action action, double score, String reason) {

    /** The gateway's response to a verdict. */
    public enum Action {
        /** Nothing suspicious. */
        ALLOW,
        /** Suspicious, but the caller's tier is configured to pass and only mark it. */
        FLAG,
        /** Refuse the request (403 problem). */
        BLOCK
    }

    public boolean blocked() {
        return action == Action.BLOCK;
    }
}
