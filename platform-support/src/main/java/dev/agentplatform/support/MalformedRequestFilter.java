package dev.agentplatform.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
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

    /** The methods the platform's APIs answer. */
    static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** The {@code Allow} value for a refused method. */
    static final String ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!KNOWN_METHODS.contains(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, ALLOW);
            ServletProblems.write(
                    response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, ProblemErrorController.detail(405));
            return;
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !isConcrete(contentType)) {
            ServletProblems.write(
                    response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, ProblemErrorController.detail(415));
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether the header is one media type without wildcards, as Spring requires of a body's type. */
    static boolean isConcrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
