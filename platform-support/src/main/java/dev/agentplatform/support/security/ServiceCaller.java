package dev.agentplatform.support.security;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who made an internal call, as its verified credential says.
 *
 * @param service the calling service ({@code gateway-service}, {@code router-service}, ...)
 * @param userId the user the call acts for; {@code null} when it acts for none
 * @param tier that user's tier; {@code null} when unknown
 * @param keyId the API key the user's request came with; {@code null} when unknown
 * @param team that key's team; {@code null} when it has none
 * @param admin whether the call carries the admin's authority (an admin key at the gateway)
 */
public record ServiceCaller(String service, String userId, String tier, String keyId, String team, boolean admin) {

    /** A caller whose key and team are not known. */
    public ServiceCaller(String service, String userId, String tier, boolean admin) {
        this(service, userId, tier, null, null, admin);
    }

    /** Request attribute holding the verified caller of the current request. */
    public static final String ATTRIBUTE = ServiceCaller.class.getName();

    /**
     * The {@code service} of a caller served without any credential ({@link AnonymousAccess}); no credential may
     * name it ({@link ServiceTokens#verify} refuses one that does).
     */
    public static final String ANONYMOUS = "anonymous";

    /** A caller without a credential, acting for the fixed user {@code userId} of {@code tier}. */
    public static ServiceCaller anonymous(String userId, String tier) {
        return new ServiceCaller(ANONYMOUS, userId, tier, false);
    }

    /** Whether this caller came without a credential (see {@link AnonymousAccess}). */
    public boolean anonymous() {
        return ANONYMOUS.equals(service);
    }

    /** The verified caller of {@code request}, if it was authenticated. */
    public static Optional<ServiceCaller> of(HttpServletRequest request) {
        return Optional.ofNullable((ServiceCaller) request.getAttribute(ATTRIBUTE));
    }

    /**
     * The verified caller of the request this thread serves, when it carries the admin's authority.
     *
     * @throws PlatformException 403 otherwise
     */
    public static ServiceCaller requireAdmin() {
        return current()
                .filter(ServiceCaller::admin)
                .orElseThrow(() -> new PlatformException(
                        HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", "This needs the admin key"));
    }

    /**
     * Checks that the request this thread serves acts for {@code userId}: a service may touch a
     * user's data only when its credential names that user.
     *
     * @throws PlatformException 403 otherwise
     */
    public static void requireUser(String userId) {
        String acting = current().map(ServiceCaller::userId).orElse(null);
        if (acting == null || !acting.equals(userId)) {
            throw new PlatformException(
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "Forbidden",
                    "The service credential does not act for this user");
        }
    }

    /**
     * The user the request this thread serves acts for, as its credential names it.
     *
     * @param detail what the 403 says when the credential acts for no user
     * @throws PlatformException 403 when it acts for none
     */
    public static String requireActingUser(String detail) {
        return current()
                .map(ServiceCaller::userId)
                .orElseThrow(
                        () -> new PlatformException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", detail));
    }

    /** The verified caller of the request this thread serves, if any. */
    public static Optional<ServiceCaller> current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes == null) {
            return Optional.empty();
        }
        return Optional.ofNullable((ServiceCaller) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
    }
}
