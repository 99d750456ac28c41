package dev.agentplatform.support;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An error with a known problem type and status, turned into an RFC 9457 response by the service's
 * problem advice.
 */
public class PlatformException extends RuntimeException {

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final HttpHeaders headers = new HttpHeaders();
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public PlatformException(HttpStatus status, URI type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    /** Adds a response header, e.g. {@code Retry-After}. */
    public PlatformException header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** Adds an extension member to the problem body. */
    public PlatformException property(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** The problem body this exception stands for. */
    public ProblemDetail toProblem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(type);
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }
}
