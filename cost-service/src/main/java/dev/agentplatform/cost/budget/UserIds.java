package dev.agentplatform.cost.budget;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/** The user id alphabet the platform uses in paths and headers. */
public final class UserIds {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");

    private UserIds() {}

    /**
     * Returns {@code value} when it is a well-formed user id, else throws a 400 problem.
     *
     * @param source where the id came from, named in the problem detail
     */
    public static String require(String value, String source) {
        if (value == null || value.isBlank()) {
            throw new PlatformException(
                    HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", source + " is required");
        }
        if (!ID.matcher(value).matches()) {
            throw new PlatformException(
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST,
                    "Invalid request",
                    source + " must be 1 to 200 characters of A-Z, a-z, 0-9, '.', '_', ':', '@' or '-'");
        }
        return value;
    }
}
