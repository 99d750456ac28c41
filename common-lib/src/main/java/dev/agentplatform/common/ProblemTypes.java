package dev.agentplatform.common;

import java.net.URI;

/** RFC 9457 problem {@code type} URIs, one per kind of error the platform answers. */
public final class ProblemTypes {

    private static final String BASE = "https://agentplatform.dev/problems/";

    /** 400: malformed JSON, a missing field or a wrong type. */
    public static final URI INVALID_REQUEST = URI.create(BASE + "invalid-request");

    /** 401: no API key or an unknown one. */
    public static final URI UNAUTHORIZED = URI.create(BASE + "unauthorized");

    /** 402: the user's budget is exhausted. */
    public static final URI BUDGET_EXHAUSTED = URI.create(BASE + "budget-exhausted");

    /** 403: the input guard blocked the request, or the key may not do this. */
    public static final URI FORBIDDEN = URI.create(BASE + "forbidden");

    /** 404: no such resource. */
    public static final URI NOT_FOUND = URI.create(BASE + "not-found");

    /** 409: the resource already exists, e.g. an agent name that is taken. */
    public static final URI CONFLICT = URI.create(BASE + "conflict");

    /** 405, 406, 415: the method or media type is not supported here. */
    public static final URI UNSUPPORTED = URI.create(BASE + "unsupported");

    /** 413: the body is too large. */
    public static final URI PAYLOAD_TOO_LARGE = URI.create(BASE + "payload-too-large");

    /** 414, 431: the request line or the header fields are larger than accepted. */
    public static final URI REQUEST_TOO_LARGE = URI.create(BASE + "request-too-large");

    /** 429: a rate limit was reached; see {@code Retry-After}. */
    public static final URI RATE_LIMITED = URI.create(BASE + "rate-limited");

    /** 502: a downstream service answered with an error. */
    public static final URI UPSTREAM_FAILURE = URI.create(BASE + "upstream-failure");

    /** 503: no agent or service can answer now; see {@code Retry-After}. */
    public static final URI UNAVAILABLE = URI.create(BASE + "unavailable");

    /** 504: the deadline passed before an answer. */
    public static final URI DEADLINE_EXCEEDED = URI.create(BASE + "deadline-exceeded");

    /** 500: a fault of the platform itself. */
    public static final URI INTERNAL = URI.create(BASE + "internal");

    private ProblemTypes() {}
}
