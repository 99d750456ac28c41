package dev.agentplatform.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, as problems, the requests Spring would otherwise answer with a server error: a method no
 * API of the platform has ({@code CONNECT}, {@code FOO}, ...: 405; the servlet would say 501) and a
 * {@code Content-Type} that names no concrete media type ({@code *}{@code /*}, {@code text/*},
 * {@code garbage}: 415; Spring fails with an exception when it reads the header). {@code TRACE}
 * Tomcat refuses itself with a 405, and {@code CONNECT} before any filter, which {@link
 * ProblemErrorReportValve} turns into a 405. A path parameter with a broken escape ({@code /a;%}) is a
 * 400: Spring's path parser throws on it inside the dispatcher.
 */
public class MalformedRequestFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!RequestShapes.KNOWN_METHODS.contains(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, RequestShapes.ALLOW);
            ServletProblems.write(
                    response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, RequestShapes.METHOD_NOT_ALLOWED);
            return;
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !RequestShapes.isConcrete(contentType)) {
            ServletProblems.write(
                    response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, RequestShapes.UNSUPPORTED_MEDIA_TYPE);
            return;
        }
        if (!parsablePath(request)) {
            ServletProblems.write(
                    response, HttpServletResponse.SC_BAD_REQUEST, "The request path's parameters are not well-formed");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Whether Spring can parse the path: Tomcat passes a path parameter with a broken escape
     * ({@code /a;%}, {@code /a;b=%zz}) on, and Spring's parser throws on it in the dispatcher (a 500).
     */
    private static boolean parsablePath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (uri.indexOf(';') < 0) {
            return true;
        }
        try {
            RequestPath.parse(uri, request.getContextPath());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
