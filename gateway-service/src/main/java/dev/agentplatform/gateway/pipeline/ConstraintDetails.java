package dev.agentplatform.gateway.pipeline;

import jakarta.validation.ConstraintViolation;
import java.util.Comparator;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A bean validation failure as a problem detail that names each field the way the client wrote it:
 * OpenAI's snake_case members ({@code max_completion_tokens}, {@code messages[2].tool_call_id}).
 */
final class ConstraintDetails {

    private static final Pattern UPPER = Pattern.compile("([a-z0-9])([A-Z])");

    private ConstraintDetails() {}

    /** {@code field message} for each violation, sorted by field, joined by {@code "; "}. */
    static String of(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> field(v.getPropertyPath().toString()) + " " + v.getMessage())
                .sorted(Comparator.naturalOrder())
                .distinct()
                .collect(Collectors.joining("; "));
    }

    /** A property path in the request's own spelling: container element markers gone, snake_case. */
    static String field(String path) {
        String cleaned = path.replace(".<list element>", "")
                .replace("<list element>", "")
                .replace(".<map value>", "")
                .replace(".<iterable element>", "");
        return UPPER.matcher(cleaned).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
