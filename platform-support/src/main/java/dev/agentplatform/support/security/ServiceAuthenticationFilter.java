package dev.agentplatform.support.security;

import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.ServletProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every call to a service's API that does not carry a valid service credential ({@code
 * Authorization: Bearer <token>}) with a 401 problem; health and metrics under {@code /actuator}
 * stay open. For an authenticated call the identity headers ({@code X-User-Id}, {@code X-User-Tier},
 * {@code X-Key-Id}, {@code X-User-Team}) are what the credential says and nothing else: values a caller
 * sent beside it are dropped, so the code behind reads the user as before, but only a service holding
 * the secret can name one. A service that declares an {@link AnonymousAccess} may serve some calls
 * without any credential: only a request without an {@code Authorization} header is put to it, and one
 * it admits is served as its fixed anonymous caller.
 */
public class ServiceAuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ServiceAuthenticationFilter.class);
    private static final String BEARER = "bearer ";
    private static final String CHALLENGE = "Bearer realm=\"agent-platform-internal\"";

    private final ServiceTokens tokens;
    private final AnonymousAccess anonymous;

    public ServiceAuthenticationFilter(ServiceTokens tokens) {
        this(tokens, null);
    }

    /** @param anonymous the calls served without a credential, or {@code null} for none */
    public ServiceAuthenticationFilter(ServiceTokens tokens, AnonymousAccess anonymous) {
        this.tokens = tokens;
        this.anonymous = anonymous;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isOpen(request)) {
            chain.doFilter(request, response);
            return;
        }
        ServiceCaller caller = anonymous == null || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                ? null
                : anonymous.admit(request).orElse(null);
        if (caller != null) {
            request.setAttribute(ServiceCaller.ATTRIBUTE, caller);
            chain.doFilter(new Authenticated(request, caller), response);
            return;
        }
        try {
            caller = tokens.verify(bearer(request));
        } catch (ServiceTokenException e) {
            log.debug("refused an internal call to {}: {}", request.getRequestURI(), e.getMessage());
            unauthorized(response, e.getMessage());
            return;
        }
        if (isAdminPath(request) && !caller.admin()) {
            forbidden(response);
            return;
        }
        request.setAttribute(ServiceCaller.ATTRIBUTE, caller);
        chain.doFilter(new Authenticated(request, caller), response);
    }

    /**
     * Health and metrics only, spelled plainly: a path that climbs, hides segments or encodes
     * characters never counts as open, whatever the container would make of it.
     */
    static boolean isOpen(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return (path.equals("/actuator") || path.startsWith("/actuator/"))
                && !path.contains("..")
                && !path.contains("%")
                && !path.contains(";")
                && !path.contains("//");
    }

    /** Whatever lies under {@code /admin} acts with the admin's authority, on every service. */
    static boolean isAdminPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.regionMatches(true, 0, "/admin", 0, "/admin".length())
                && (path.length() == "/admin".length()
                        || path.charAt(6) == '/'
                        || path.charAt(6) == ';'
                        || path.charAt(6) == '%');
    }

    private static String bearer(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).trim();
    }

    private static void unauthorized(HttpServletResponse response, String reason) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        ServletProblems.write(
                response,
                HttpServletResponse.SC_UNAUTHORIZED,
                ProblemTypes.UNAUTHORIZED,
                "Unauthorized",
                "This API is internal; it needs a service credential (" + reason + ")");
    }

    private static void forbidden(HttpServletResponse response) throws IOException {
        ServletProblems.write(
                response,
                HttpServletResponse.SC_FORBIDDEN,
                ProblemTypes.FORBIDDEN,
                "Forbidden",
                "This needs the admin key");
    }

    /** The request with the identity headers taken from the credential. */
    private static final class Authenticated extends HttpServletRequestWrapper {

        private final ServiceCaller caller;

        Authenticated(HttpServletRequest request, ServiceCaller caller) {
            super(request);
            this.caller = caller;
        }

        private String identity(String name) {
            if (Headers.USER_ID.equalsIgnoreCase(name)) {
                return caller.userId();
            }
            if (Headers.USER_TIER.equalsIgnoreCase(name)) {
                return caller.tier();
            }
            if (Headers.KEY_ID.equalsIgnoreCase(name)) {
                return caller.keyId();
            }
            if (Headers.USER_TEAM.equalsIgnoreCase(name)) {
                return caller.team();
            }
            return null;
        }

        private static boolean isIdentity(String name) {
            return Headers.USER_ID.equalsIgnoreCase(name)
                    || Headers.USER_TIER.equalsIgnoreCase(name)
                    || Headers.KEY_ID.equalsIgnoreCase(name)
                    || Headers.USER_TEAM.equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return isIdentity(name) ? identity(name) : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (!isIdentity(name)) {
                return super.getHeaders(name);
            }
            String value = identity(name);
            return value == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(value));
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
                String name = e.nextElement();
                if (!isIdentity(name)) {
                    names.add(name);
                }
            }
            if (caller.userId() != null) {
                names.add(Headers.USER_ID);
            }
            if (caller.tier() != null) {
                names.add(Headers.USER_TIER);
            }
            if (caller.keyId() != null) {
                names.add(Headers.KEY_ID);
            }
            if (caller.team() != null) {
                names.add(Headers.USER_TEAM);
            }
            return Collections.enumeration(names);
        }
    }
}
