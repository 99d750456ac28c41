package dev.agentplatform.support;

import dev.agentplatform.common.Headers;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;

/**
 * Tomcat's last word on an error as an RFC 9457 problem instead of its HTML page: what ends in an
 * error status without a body from the application or the error path (a request refused before it
 * reached a context, a failure after the error path) gets the same problem body as everything else.
 * Takes the place of the host's {@link ErrorReportValve}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        // before the request id filter ran, or after it cleared the id: the caller's, or a new one
        boolean setId = MDC.get(RequestIds.MDC_KEY) == null;
        try {
            if (setId) {
                MDC.put(RequestIds.MDC_KEY, RequestIds.acceptOrCreate(request.getHeader(Headers.REQUEST_ID)));
            }
            response.resetBuffer();
            if (status == HttpServletResponse.SC_NOT_IMPLEMENTED
                    && !RequestShapes.KNOWN_METHODS.contains(request.getMethod())) {
                // Tomcat refuses CONNECT itself, as not implemented: for an API, a method it does not allow
                status = HttpServletResponse.SC_METHOD_NOT_ALLOWED;
                response.setHeader(HttpHeaders.ALLOW, RequestShapes.ALLOW);
            }
            ServletProblems.write(response.getResponse(), status, ProblemErrorController.detail(status));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was committed meanwhile: nothing left to say
        } finally {
            if (setId) {
                MDC.remove(RequestIds.MDC_KEY);
            }
        }
    }
}
