package dev.agentplatform.support;

import java.util.UUID;
import java.util.regex.Pattern;

/** Request ids: accepted from the caller when well-formed, generated otherwise. */
public final class RequestIds {

    /** MDC key under which the current request id is logged. */
    public static final String MDC_KEY = "requestId";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    /** The caller's id when it is safe to log and forward, a new one otherwise. */
    public static String acceptOrCreate(String candidate) {
        return candidate != null && SAFE.matcher(candidate).matches() ? candidate : create();
    }

    /** A new random id. */
    public static String create() {
        return UUID.randomUUID().toString();
    }
}
