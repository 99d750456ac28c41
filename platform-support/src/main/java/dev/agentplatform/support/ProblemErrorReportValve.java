package dev.agentplatform.support;

import dev.agentplatform.common.Headers;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;

/**
 * Tomcat's last word on an error as an RFC 9457 problem instead of its HTML page: what ends in an
 * error status without a body from the application or the error path (a request refused before it
 * reached a context, a failure after the error path) gets the same problem body as everything else.
 * Takes the place of the host's {@link ErrorReportValve}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    /** Tomcat's own text for a request line or header block over {@code maxHttpHeaderSize}. */
    private static final String TOO_LARGE =
            StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error");

    /** The start of Tomcat's text for more header fields than {@code maxHeaderCount}. */
    private static final String TOO_MANY = tooMany();

    private static String tooMany() {
        String text =
                StringManager.getManager("org.apache.tomcat.util.http").getString("headers.maxCountFail", "\u0000");
        int count = text.indexOf('\u0000');
        return count < 0 ? text : text.substring(0, count);
    }

    /**
     * The status a caller should see for what Tomcat refused with {@code status}. Tomcat answers 400
     * for a request line or header fields over its limits (size, or count of fields), where HTTP
     * has 414 and 431 (a request line
     * that never ended has no target yet); 501 for a {@code Transfer-Encoding} it does not know,
     * which is the client's error, not one the server could fix (400, as the gateway answers); and
     * 501 for CONNECT and methods it has never heard of, which for an API is a 405.
     */
    static int refinedStatus(Request request, int status, Throwable throwable) {
        if (status == HttpServletResponse.SC_BAD_REQUEST
                && throwable instanceof IllegalArgumentException
                && TOO_LARGE.equals(throwable.getMessage())) {
            String target = request.getCoyoteRequest().requestURI().toString();
            return target == null || target.isEmpty() ? 414 : 431;
        }
        if (status == HttpServletResponse.SC_BAD_REQUEST
                && throwable instanceof IllegalStateException
                && throwable.getMessage() != null
                && throwable.getMessage().startsWith(TOO_MANY)) {
            return 431;
        }
        if (status == HttpServletResponse.SC_NOT_IMPLEMENTED) {
            if (!RequestShapes.KNOWN_METHODS.contains(request.getMethod())) {
                return HttpServletResponse.SC_METHOD_NOT_ALLOWED;
            }
            if (request.getCoyoteRequest().getMimeHeaders().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                return HttpServletResponse.SC_BAD_REQUEST;
            }
        }
        return status;
    }

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
            status = refinedStatus(request, status, throwable);
            if (status == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
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
