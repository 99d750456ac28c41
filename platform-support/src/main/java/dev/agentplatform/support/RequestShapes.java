package dev.agentplatform.support;

import java.util.Set;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * What every service, servlet or reactive, refuses before reading a request: a method none of the
 * platform's APIs has, and a {@code Content-Type} that names no concrete media type.
 */
public final class RequestShapes {

    /** The methods the platform's APIs answer. */
    public static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** The {@code Allow} value for a refused method. */
    public static final String ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    /** The detail of the 405 for an unknown method. */
    public static final String METHOD_NOT_ALLOWED = "This method is not allowed on this path";

    /** The detail of the 415 for a content type that is not one. */
    public static final String UNSUPPORTED_MEDIA_TYPE = "Unsupported content type: this API reads application/json";

    private RequestShapes() {}

    /**
     * Whether the header is one media type without wildcards, as Spring requires of a body's type
     * ({@code *}{@code /*}, {@code text/*}, {@code garbage} and {@code a/b/c} are not).
     */
    public static boolean isConcrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
