package dev.agentplatform.gateway.auth;

import java.util.List;
import org.springframework.http.HttpMethod;

/**
 * Which requests need the admin key, on the canonical path (see {@code PathNormalizationFilter}).
 * Three areas are protected: everything under {@code /admin}, every write to the agent registry
 * ({@code /v1/agents...} with any method but {@code GET}, {@code HEAD} or {@code OPTIONS}) and the
 * orchestrator's provider catalog ({@code /v1/providers...}, which shows which keys are set). All are
 * matched by prefix and ignoring case, wider than any route, so that a spelling no service would
 * answer is refused here as well, whatever a service behind might do with it. Within them only the
 * operations listed here are served, and only to the admin key; anything else in those areas is
 * a 404 for the admin key and never forwarded.
 */
final class AdminRoutes {

    /** What a request needs. */
    enum Access {
        /** Any valid key. */
        USER,
        /** The admin key; an operation on the list. */
        ADMIN,
        /** The admin key, and even then there is no such operation. */
        ADMIN_UNKNOWN
    }

    /** Whether the request is the admin API or the agent registry, for the refusal's wording. */
    enum Area {
        ADMIN_API,
        AGENT_REGISTRY,
        PROVIDER_CATALOG
    }

    private record Operation(HttpMethod method, String[] segments) {

        /** {@code path} is this operation's: same segment count, literals equal, variables one name. */
        boolean matches(HttpMethod requested, String path) {
            if (!method.equals(requested)) {
                return false;
            }
            int position = 1;
            for (int i = 0; i < segments.length; i++) {
                int end = path.indexOf('/', position);
                boolean last = i == segments.length - 1;
                if (last != (end < 0)) {
                    return false;
                }
                String segment = last ? path.substring(position) : path.substring(position, end);
                if (segments[i].equals("*") ? !isName(segment) : !segments[i].equals(segment)) {
                    return false;
                }
                position = end + 1;
            }
            return true;
        }
    }

    private static final List<Operation> OPERATIONS = List.of(
            operation(HttpMethod.POST, "/admin/v1/keys"),
            operation(HttpMethod.DELETE, "/admin/v1/keys/*"),
            operation(HttpMethod.GET, "/admin/v1/chaos/agents"),
            operation(HttpMethod.PUT, "/admin/v1/chaos/agents/*"),
            operation(HttpMethod.DELETE, "/admin/v1/chaos/agents/*"),
            operation(HttpMethod.PUT, "/admin/v1/budgets/*/*"),
            operation(HttpMethod.GET, "/admin/v1/budgets/*/*"),
            operation(HttpMethod.DELETE, "/admin/v1/budgets/*/*"),
            operation(HttpMethod.GET, "/admin/v1/costs"),
            operation(HttpMethod.GET, "/admin/v1/costs/recommendations"),
            operation(HttpMethod.POST, "/v1/agents"),
            operation(HttpMethod.PUT, "/v1/agents/*"),
            operation(HttpMethod.DELETE, "/v1/agents/*"),
            operation(HttpMethod.GET, "/v1/providers"));

    private static final String ADMIN = "/admin";
    private static final String AGENTS = "/v1/agents";
    private static final String PROVIDERS = "/v1/providers";

    private AdminRoutes() {}

    /** What {@code method} on the canonical {@code path} needs. */
    static Access access(HttpMethod method, String path) {
        if (area(method, path) == null) {
            return Access.USER;
        }
        for (Operation operation : OPERATIONS) {
            if (operation.matches(method, path)) {
                return Access.ADMIN;
            }
        }
        return Access.ADMIN_UNKNOWN;
    }

    /** The protected area {@code method} on {@code path} falls in; {@code null} for none. */
    static Area area(HttpMethod method, String path) {
        if (path.regionMatches(true, 0, ADMIN, 0, ADMIN.length())) {
            return Area.ADMIN_API;
        }
        if (path.regionMatches(true, 0, AGENTS, 0, AGENTS.length())
                && !HttpMethod.GET.equals(method)
                && !HttpMethod.HEAD.equals(method)
                && !HttpMethod.OPTIONS.equals(method)) {
            return Area.AGENT_REGISTRY;
        }
        if (path.regionMatches(true, 0, PROVIDERS, 0, PROVIDERS.length())) {
            return Area.PROVIDER_CATALOG;
        }
        return null;
    }

    private static Operation operation(HttpMethod method, String pattern) {
        return new Operation(method, pattern.substring(1).split("/"));
    }

    /** A key id or agent name: what the services accept as one, and nothing encoded. */
    private static boolean isName(String segment) {
        if (segment.isEmpty() || segment.length() > 128) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
