package dev.agentplatform.support;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * Writes an RFC 9457 problem straight to a servlet response, for the places that run outside the
 * MVC machinery that renders problems elsewhere: filters, Spring Boot's error path and Tomcat's
 * error report valve. Written by hand, so it works where no message converter is at hand.
 */
public final class ServletProblems {

    private ServletProblems() {}

    /** A problem with our type for {@code status} and the status's reason phrase as title. */
    public static void write(HttpServletResponse response, int status, String detail) throws IOException {
        write(response, status, Problems.typeFor(HttpStatusCode.valueOf(status)), title(status), detail);
    }

    /** The JSON text of the problem {@link #write(HttpServletResponse, int, String)} writes for {@code status}. */
    static String json(int status, String detail, String requestId) {
        return json(status, Problems.typeFor(HttpStatusCode.valueOf(status)), title(status), detail, requestId);
    }

    private static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }

    /** Sets status and content type and writes the body; the request id is taken from the MDC. */
    public static void write(HttpServletResponse response, int status, URI type, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        byte[] body =
                json(status, type, title, detail, MDC.get(RequestIds.MDC_KEY)).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The problem's JSON text. */
    static String json(int status, URI type, String title, String detail, String requestId) {
        return "{\"type\":\"" + escape(type.toString()) + "\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                + (detail == null ? "" : ",\"detail\":\"" + escape(detail) + "\"")
                + (requestId == null ? "" : ",\"requestId\":\"" + escape(requestId) + "\"") + "}";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
