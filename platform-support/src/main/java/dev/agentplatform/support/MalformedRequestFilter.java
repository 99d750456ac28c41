package dev.agentplatform.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, as problems, the requests Spring would otherwise answer with a server error: a method no
 * API of the platform has ({@code CONNECT}, {@code FOO}, ...: 405; the servlet would say 501) and a
 * {@code Content-Type} that names no concrete media type ({@code *}{@code /*}, {@code text/*},
 * {@code garbage}: 415; Spring fails with an exception when it reads the header). {@code TRACE}
 * Tomcat refuses itself with a 405, and {@code CONNECT} before any filter, which {@link
 * ProblemErrorReportValve} turns into a 405.
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
        chain.doFilter(request, response);
    }
}
