package dev.agentplatform.orchestrator.provider;

/** An LLM call that produced no answer. */
public class ProviderException extends RuntimeException {

    /** The backend reported an error. */
    public static final String PROVIDER_ERROR = "provider_error";
    /** The call took too long. */
    public static final String TIMEOUT = "timeout";
    /** No adapter serves the agent's provider. */
    public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";

    private final String errorKind;
    private final boolean retriable;

    public ProviderException(String errorKind, boolean retriable, String message) {
        super(message);
        this.errorKind = errorKind;
        this.retriable = retriable;
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
