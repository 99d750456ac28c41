package dev.agentplatform.orchestrator.provider;

import java.time.Duration;
import java.util.Optional;

/** An LLM call that produced no answer. */
public class ProviderException extends RuntimeException {

    /** The backend reported an error. */
    public static final String PROVIDER_ERROR = "provider_error";
    /** The call took too long. */
    public static final String TIMEOUT = "timeout";
    /** No adapter serves the agent's provider. */
    public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";
    /** The backend throttled the call (HTTP 429). */
    public static final String RATE_LIMITED = "rate_limited";
    /** The backend refused the key (HTTP 401, 403). */
    public static final String AUTH_ERROR = "auth_error";
    /** The backend refused the request itself (HTTP 400, 404, 422). */
    public static final String INVALID_REQUEST = "invalid_request";
    /** The backend answered with a body that is not its wire format. */
    public static final String MALFORMED_RESPONSE = "malformed_response";

    private final String errorKind;
    private final boolean retriable;
    private final Duration retryAfter;

    public ProviderException(String errorKind, boolean retriable, String message) {
        this(errorKind, retriable, message, null);
    }

    public ProviderException(String errorKind, boolean retriable, String message, Duration retryAfter) {
        super(message);
        this.errorKind = errorKind;
        this.retriable = retriable;
        this.retryAfter = retryAfter;
    }

    /** How long the backend asked callers to wait ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** A short error class for outcome events and metrics, e.g. {@value #PROVIDER_ERROR}. */
    public String errorKind() {
        return errorKind;
    }

    /** Whether calling again, or another provider, may succeed. */
    public boolean retriable() {
        return retriable;
    }
}
