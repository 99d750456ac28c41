package dev.agentplatform.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The injection guard's verdict on one message a model would read.
 *
 * @param index the message's position in the request's {@code messages}, counted from 0;
 *     {@code null} for the native API's {@code prompt} and for a tool result
 * @param role the message's role ({@code system}, {@code developer}, {@code user}, {@code assistant},
 *     {@code tool}); {@code user} for the native prompt
 * @param action what followed from it
 * @param score the injection score in [0, 1]; 1 for a known phrasing
 * @param reason a short, log-safe explanation (the phrasing's name or the classifier's score, and
 *     which field of the message when not its content)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageVerdict(
        @PositiveOrZero Integer index,
        @Size(max = 32) String role,
        @NotNull Action action,
        @DecimalMin("0.0") @DecimalMax("1.0") double score,
        @Size(max = 200) String reason) {

    /** What a guard verdict leads to. */
    public enum Action {
        /** Nothing suspicious. */
        ALLOW,
        /** Suspicious; passed on marked, because the caller's tier is configured to flag only. */
        FLAG,
        /** Refused: the request was answered with a 403 problem. */
        BLOCK,
        /** A tool result kept from the model and replaced by a notice. */
        WITHHOLD
    }
}
