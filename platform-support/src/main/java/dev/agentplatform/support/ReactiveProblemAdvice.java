package dev.agentplatform.support;

import dev.agentplatform.common.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The reactive twin of {@link ServletProblemAdvice}, for the gateway's own endpoints. */
@RestControllerAdvice
public class ReactiveProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ReactiveProblemAdvice.class);

    @ExceptionHandler(PlatformException.class)
    ResponseEntity<ProblemDetail> platform(PlatformException e, ServerWebExchange exchange) {
        ProblemDetail problem = Problems.decorate(e.toProblem(), ReactiveRequestIdFilter.requestId(exchange));
        return ResponseEntity.status(e.status())
                .headers(e.headers())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
        java.util.Optional<ProblemDetail> unavailable = Problems.unavailable(e);
        if (unavailable.isPresent()) {
            log.warn("backing service unavailable: {}", e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "1")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.decorate(unavailable.get(), ReactiveRequestIdFilter.requestId(exchange)));
        }
        log.error("unhandled error", e);
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An internal error occurred");
        problem.setType(ProblemTypes.INTERNAL);
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.decorate(problem, ReactiveRequestIdFilter.requestId(exchange)));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        return super.handleExceptionInternal(ex, body, headers, status, exchange)
                .map(response -> {
                    if (response.getBody() instanceof ProblemDetail problem) {
                        Problems.decorate(problem, ReactiveRequestIdFilter.requestId(exchange));
                        return Problems.asProblemJson(response);
                    }
                    return response;
                });
    }
}
