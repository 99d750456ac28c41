package dev.agentplatform.common;

/**
 * Tokens counted for one answer.
 *
 * @param promptTokens tokens sent to the model
 * @param completionTokens tokens the model produced
 */
public record TokenUsage(int promptTokens, int completionTokens) {

    /** No tokens. */
    public static final TokenUsage NONE = new TokenUsage(0, 0);

    /** Prompt plus completion tokens. */
    public int totalTokens() {
        return promptTokens + completionTokens;
    }

    /** The sum of this usage and {@code other}. */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
