package dev.agentplatform.router.task;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * The orchestrator answered with a problem; it goes back to the caller as it came, status, body and
 * {@code Retry-After} included, so a 402 from the budget check stays a 402 with its detail.
 */
class DownstreamProblemException extends RuntimeException {

    private final HttpStatusCode status;
    private final MediaType contentType;
    private final byte[] body;
    private final String retryAfter;

    DownstreamProblemException(HttpStatusCode status, MediaType contentType, byte[] body, String retryAfter) {
        super("orchestrator answered " + status.value());
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.retryAfter = retryAfter;
    }

    HttpStatusCode status() {
        return status;
    }

    MediaType contentType() {
        return contentType;
    }

    byte[] body() {
        return body;
    }

    /** The orchestrator's {@code Retry-After}, or {@code null}. */
    String retryAfter() {
        return retryAfter;
    }
}
