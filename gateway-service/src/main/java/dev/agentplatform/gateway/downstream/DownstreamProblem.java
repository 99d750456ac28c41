package dev.agentplatform.gateway.downstream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A service behind the gateway answered with a problem. It reaches the client as it came: status,
 * body and {@code Retry-After}, so a 402 from the budget check stays a 402 with its detail.
 */
public class DownstreamProblem extends RuntimeException {

    private final HttpStatusCode status;
    private final MediaType contentType;
    private final byte[] body;
    private final String retryAfter;

    DownstreamProblem(HttpStatusCode status, MediaType contentType, byte[] body, String retryAfter) {
        super("downstream answered " + status.value(), null, false, false);
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.retryAfter = retryAfter;
    }

    /** The problem as a response to the client. */
    public ResponseEntity<byte[]> toResponse() {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(contentType);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.body(body);
    }
}
