package dev.agentplatform.support;

import dev.agentplatform.common.ProblemTypes;
import jakarta.validation.ConstraintViolationException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place a servlet service turns exceptions into RFC 9457 problems: framework errors (bad
 * JSON, missing fields, wrong types, unknown paths) keep their 4xx status and get our type URI;
 * {@link PlatformException}s carry their own; anything else is a 500 without internals.
 */
@RestControllerAdvice
public class ServletProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ServletProblemAdvice.class);

    /**
     * What the containers throw for a query string they cannot split into parameters ({@code ?=&=&},
     * {@code %zz}): only when a parameter is first read, inside the controller's argument resolution.
     * Named, not imported, so that a service needs only its own container's classes.
     */
    private static final Set<String> INVALID_PARAMETERS = Set.of(
            "org.apache.tomcat.util.http.InvalidParameterException",
            "org.eclipse.jetty.http.HttpException$IllegalArgumentException");

    @ExceptionHandler(PlatformException.class)
    ResponseEntity<ProblemDetail> platform(PlatformException e) {
        ProblemDetail problem = Problems.decorate(e.toProblem(), MDC.get(RequestIds.MDC_KEY));
        return ResponseEntity.status(e.status())
                .headers(e.headers())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * A body declared multipart that the container cannot split into parts: no API here reads
     * multipart bodies, so it is a media type this API does not read (as any other it does not).
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e) {
        return unsupportedMediaType();
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e) {
        return invalid(e.getMessage());
    }

    /**
     * A {@code Content-Type} that is no media type at all ({@code foo}, {@code a/b/c}) or a
     * wildcard ({@code *}{@code /*}): the body's type is unknown, so it is not one this API reads.
     */
    @ExceptionHandler(InvalidMediaTypeException.class)
    ResponseEntity<ProblemDetail> invalidMediaType(InvalidMediaTypeException e) {
        return unsupportedMediaType();
    }

    private static ResponseEntity<ProblemDetail> unsupportedMediaType() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, RequestShapes.UNSUPPORTED_MEDIA_TYPE);
        problem.setTitle("Unsupported Media Type");
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.decorate(problem, MDC.get(RequestIds.MDC_KEY)));
    }

    private static ResponseEntity<ProblemDetail> invalid(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.decorate(problem, MDC.get(RequestIds.MDC_KEY)));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (INVALID_PARAMETERS.contains(e.getClass().getName())) {
            return invalid("The query string is not well-formed");
        }
        java.util.Optional<ProblemDetail> unavailable = Problems.unavailable(e);
        if (unavailable.isPresent()) {
            log.warn("backing service unavailable: {}", e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "1")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.decorate(unavailable.get(), MDC.get(RequestIds.MDC_KEY)));
        }
        log.error("unhandled error", e);
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An internal error occurred");
        problem.setType(ProblemTypes.INTERNAL);
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.decorate(problem, MDC.get(RequestIds.MDC_KEY)));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            Problems.decorate(problem, MDC.get(RequestIds.MDC_KEY));
            return Problems.asProblemJson(response);
        }
        return response;
    }
}
