package dev.agentplatform.gateway.cache;

/** Reading the request's {@code Cache-Control} header: which directives the client sent. */
public final class CacheDirectives {

    private CacheDirectives() {}

    /** Whether a {@code Cache-Control} value carries a directive (case-insensitive, any position). */
    public static boolean has(String cacheControl, String directive) {
        if (cacheControl == null) {
            return false;
        }
        for (String part : cacheControl.split(",")) {
            String name = part.trim();
            int eq = name.indexOf('=');
            if ((eq < 0 ? name : name.substring(0, eq).trim()).equalsIgnoreCase(directive)) {
                return true;
            }
        }
        return false;
    }
}
