package dev.agentplatform.support;

import dev.agentplatform.common.ProblemTypes;
import java.net.URI;
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
            case 405, 406, 415 -> ProblemTypes.UNSUPPORTED;
            case 413 -> ProblemTypes.PAYLOAD_TOO_LARGE;
            case 429 -> ProblemTypes.RATE_LIMITED;
            case 502 -> ProblemTypes.UPSTREAM_FAILURE;
            case 503 -> ProblemTypes.UNAVAILABLE;
            case 504 -> ProblemTypes.DEADLINE_EXCEEDED;
            default -> ProblemTypes.INTERNAL;
        };
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
