package dev.agentplatform.support;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Spring Boot's error path ({@code /error}) as RFC 9457 problems, in place of Boot's own error JSON
 * or HTML page: what the container sends there (a {@code sendError} of a filter or servlet, an
 * exception that escaped the filters, a 405 for {@code TRACE}) keeps its status and gets a problem
 * body, whatever the request's {@code Accept} said.
 */
@Controller
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : HttpStatus.NOT_FOUND.value();
        Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (status >= 500 && error != null) {
            Optional<ProblemDetail> unavailable = Problems.unavailable(error);
            if (unavailable.isPresent()) {
                log.warn("backing service unavailable: {}", error.toString());
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                ProblemDetail problem = unavailable.get();
                ServletProblems.write(
                        response, problem.getStatus(), problem.getType(), problem.getTitle(), problem.getDetail());
                return;
            }
            log.error("unhandled error for {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), error);
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        ServletProblems.write(response, status, detail(status));
    }

    /** A fixed text per status: what the container's message says is not for callers. */
    static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is not well-formed";
            case 401 -> "This API needs a credential";
            case 403 -> "This is not allowed";
            case 404 -> "No such resource";
            case 405 -> RequestShapes.METHOD_NOT_ALLOWED;
            case 406 -> "No acceptable representation: this API answers JSON";
            case 408 -> "The request took too long to arrive";
            case 411 -> "The request needs a Content-Length";
            case 413 -> "The request body is larger than this service accepts";
            case 414 -> "The request line is longer than this service accepts";
            case 415 -> RequestShapes.UNSUPPORTED_MEDIA_TYPE;
            case 431 -> "The request's header fields are larger than this service accepts";
            case 503 -> "The service is not ready; try again shortly";
            default -> status >= 500 ? "An internal error occurred" : "The request was refused";
        };
    }
}
