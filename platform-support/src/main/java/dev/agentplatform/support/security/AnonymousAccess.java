package dev.agentplatform.support.security;

import dev.agentplatform.common.Headers;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;

/**
 * Which calls a service serves without any credential, and as whom. A service opts in by declaring a bean of this
 * type; {@link ServiceAuthenticationFilter} asks it only about a request without an {@code Authorization} header,
 * and serves the request as {@link #caller()} when it is admitted. A request is admitted only when all hold:
 *
 * <ul>
 *   <li>the access is enabled;
 *   <li>it claims no identity at all: none of {@code Authorization}, {@code Proxy-Authorization}, {@code
 *       X-API-Key}, {@code X-User-Id}, {@code X-User-Tier}, {@code Cookie}, not even empty;
 *   <li>it comes straight from a loopback address, not relayed: no {@code Forwarded}, {@code X-Forwarded-For} or
 *       {@code X-Real-IP};
 *   <li>its method and plainly spelled path (no {@code ..}, {@code %}, {@code ;}, {@code //}) match one of the
 *       endpoints.
 * </ul>
 *
 * Anything else goes the usual way: no valid credential, 401.
 */
public final class AnonymousAccess {

    private static final List<String> IDENTITY_HEADERS = List.of(
            HttpHeaders.AUTHORIZATION,
            HttpHeaders.PROXY_AUTHORIZATION,
            Headers.API_KEY,
            Headers.USER_ID,
            Headers.USER_TIER,
            HttpHeaders.COOKIE);

    private static final List<String> RELAY_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Real-IP");

    private final boolean enabled;
    private final ServiceCaller caller;
    private final List<Endpoint> endpoints;

    /**
     * @param enabled whether anything is admitted at all
     * @param userId the fixed user anonymous calls act for
     * @param tier that user's tier
     * @param endpoints the calls that may be made anonymously
     */
    public AnonymousAccess(boolean enabled, String userId, String tier, List<Endpoint> endpoints) {
        this.enabled = enabled;
        this.caller = ServiceCaller.anonymous(Objects.requireNonNull(userId, "userId"), tier);
        this.endpoints = List.copyOf(endpoints);
    }

    /** An endpoint that may be called anonymously: an HTTP method and a pattern the whole path must match. */
    public record Endpoint(String method, Pattern path) {

        public static Endpoint of(String method, String pathRegex) {
            return new Endpoint(method, Pattern.compile(pathRegex));
        }

        boolean matches(HttpServletRequest request, String path) {
            return method.equalsIgnoreCase(request.getMethod())
                    && this.path.matcher(path).matches();
        }
    }

    /** The caller an admitted request is served as. */
    public ServiceCaller caller() {
        return caller;
    }

    public boolean enabled() {
        return enabled;
    }

    /** {@link #caller()} when {@code request} is admitted (see the class comment), else empty. */
    public Optional<ServiceCaller> admit(HttpServletRequest request) {
        if (!enabled || claimsIdentity(request) || !fromLoopback(request)) {
            return Optional.empty();
        }
        String path = path(request);
        if (path.contains("..") || path.contains("%") || path.contains(";") || path.contains("//")) {
            return Optional.empty();
        }
        return endpoints.stream().anyMatch(endpoint -> endpoint.matches(request, path))
                ? Optional.of(caller)
                : Optional.empty();
    }

    /** Whether the request names anyone, or carries anything that could be a credential, even an empty one. */
    static boolean claimsIdentity(HttpServletRequest request) {
        return IDENTITY_HEADERS.stream().anyMatch(name -> request.getHeader(name) != null);
    }

    /** Whether the request's peer is a loopback address and no proxy says it relays someone else's request. */
    static boolean fromLoopback(HttpServletRequest request) {
        if (RELAY_HEADERS.stream().anyMatch(name -> request.getHeader(name) != null)) {
            return false;
        }
        String address = request.getRemoteAddr();
        if (address == null || address.isBlank() || !address.matches("[0-9A-Fa-f:.%\\[\\]]+")) {
            return false; // only literal addresses: never a name lookup
        }
        try {
            String literal = address.startsWith("[") && address.endsWith("]")
                    ? address.substring(1, address.length() - 1)
                    : address;
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
