package dev.agentplatform.support;

import dev.agentplatform.common.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.MDC;
import org.springframework.http.MediaType;

/**
 * Jetty's last word on an error as an RFC 9457 problem instead of its HTML page, as {@link
 * ProblemErrorReportValve} is Tomcat's: what Jetty refuses before the application sees it (a request
 * line, path or header block it cannot accept, bad UTF-8 in the path, fields over its limits) and a
 * failure after the error path get the same problem body as everything else.
 */
public class JettyProblemErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        byte[] body =
                problem(code, request.getHeaders().get(Headers.REQUEST_ID)).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** A request Jetty could not parse: answered from the connection, before any handler. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        return ByteBuffer.wrap(problem(status, null).getBytes(StandardCharsets.UTF_8));
    }

    static String problem(int status, String requestId) {
        String id = MDC.get(RequestIds.MDC_KEY);
        return ServletProblems.json(
                status, ProblemErrorController.detail(status), id != null ? id : RequestIds.acceptOrCreate(requestId));
    }
}
