package dev.agentplatform.support.security;

import java.time.Clock;
import java.time.Duration;
import org.springframework.http.client.ClientHttpRequestInterceptor;

/**
 * For tests that call a service's internal API the way another service would: interceptors that
 * sign each request with the shared test secret ({@code config/application.properties} of each
 * module's tests sets the same one).
 */
public final class TestServiceCalls {

    /** The secret the modules' tests configure. */
    public static final String SECRET = "test-only-internal-secret-0123456789abcdef";

    private static final ServiceTokens TOKENS =
            new ServiceTokens("test-caller", SECRET, Duration.ofSeconds(60), Duration.ofSeconds(30), Clock.systemUTC());

    private TestServiceCalls() {}

    /** Tokens of a calling service named {@code test-caller}. */
    public static ServiceTokens tokens() {
        return TOKENS;
    }

    /**
     * Signs each call as the gateway would: with the admin's authority under {@code /admin}, else
     * with the user and tier of its {@code X-User-Id} / {@code X-User-Tier} headers.
     */
    public static ClientHttpRequestInterceptor asService() {
        ServiceTokenInterceptor user = new ServiceTokenInterceptor(TOKENS);
        ClientHttpRequestInterceptor admin = asAdmin();
        return (request, body, execution) -> request.getURI().getPath().startsWith("/admin")
                ? admin.intercept(request, body, execution)
                : user.intercept(request, body, execution);
    }

    /** The {@code Authorization} value of a call acting for {@code userId} of {@code tier}. */
    public static String bearer(String userId, String tier) {
        return "Bearer " + TOKENS.issue(userId, tier, false);
    }

    /** The {@code Authorization} value of a call with the admin's authority. */
    public static String adminBearer() {
        return "Bearer " + TOKENS.issue("admin", "admin", true);
    }

    /** Signs each call with the admin's authority, as the gateway does for the admin key. */
    public static ClientHttpRequestInterceptor asAdmin() {
        return (request, body, execution) -> {
            request.getHeaders().set("Authorization", adminBearer());
            return execution.execute(request, body);
        };
    }
}
