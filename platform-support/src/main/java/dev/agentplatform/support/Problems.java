package dev.agentplatform.support;

import dev.agentplatform.common.ProblemTypes;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Maps statuses to the platform's problem types and decorates problem bodies. */
public final class Problems {

    private Problems() {}

    /** The problem type for a status the framework produced without one of ours. */
    public static URI typeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400, 422 -> ProblemTypes.INVALID_REQUEST;
            case 401 -> ProblemTypes.UNAUTHORIZED;
            case 402 -> ProblemTypes.BUDGET_EXHAUSTED;
            case 403 -> ProblemTypes.FORBIDDEN;
            case 404 -> ProblemTypes.NOT_FOUND;
            case 405, 406, 415, 501, 505 -> ProblemTypes.UNSUPPORTED;
            case 409 -> ProblemTypes.CONFLICT;
            case 413 -> ProblemTypes.PAYLOAD_TOO_LARGE;
            case 414, 431 -> ProblemTypes.REQUEST_TOO_LARGE;
            case 429 -> ProblemTypes.RATE_LIMITED;
            case 502 -> ProblemTypes.UPSTREAM_FAILURE;
            case 503 -> ProblemTypes.UNAVAILABLE;
            case 504 -> ProblemTypes.DEADLINE_EXCEEDED;
            // any other refusal of the request (408, 411, 412, 417, ...) is the caller's to fix
            default -> status.is4xxClientError() ? ProblemTypes.INVALID_REQUEST : ProblemTypes.INTERNAL;
        };
    }

    /** Class names of infrastructure failures that mean "try again shortly", not a bug. */
    private static final java.util.Set<String> UNAVAILABLE_TYPES = java.util.Set.of(
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.QueryTimeoutException",
            "org.springframework.data.redis.RedisConnectionFailureException",
            "io.lettuce.core.RedisConnectionException",
            "io.lettuce.core.RedisCommandTimeoutException");

    /**
     * The 503 problem for an error that came from an unreachable or slow backing service (a
     * timeout, a refused connection, Redis or a database not answering); empty for anything else,
     * which stays a 500.
     */
    public static java.util.Optional<ProblemDetail> unavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            boolean known =
                    t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.ConnectException;
            for (Class<?> type = t.getClass(); !known && type != null; type = type.getSuperclass()) {
                known = UNAVAILABLE_TYPES.contains(type.getName());
            }
            if (known) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                        HttpStatus.SERVICE_UNAVAILABLE, "A backing service did not answer in time; try again shortly");
                problem.setType(ProblemTypes.UNAVAILABLE);
                problem.setTitle("Service unavailable");
                return java.util.Optional.of(problem);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The answer with its {@code Content-Type} fixed to {@code application/problem+json}: left to
     * content negotiation, an {@code Accept: text/event-stream} would get the problem as an event.
     */
    public static <T> org.springframework.http.ResponseEntity<T> asProblemJson(
            org.springframework.http.ResponseEntity<T> response) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.addAll(response.getHeaders());
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
        return new org.springframework.http.ResponseEntity<>(response.getBody(), headers, response.getStatusCode());
    }

    /** Gives a framework problem our type URI (keeping one already set) and the request id. */
    public static ProblemDetail decorate(ProblemDetail problem, String requestId) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(typeFor(HttpStatusCode.valueOf(problem.getStatus())));
        }
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        return problem;
    }
}
