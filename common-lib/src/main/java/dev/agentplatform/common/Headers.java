package dev.agentplatform.common;

/** HTTP header names used between clients, the gateway and the services. */
public final class Headers {

    /** Correlates one client request across every service and log line. */
    public static final String REQUEST_ID = "X-Request-Id";

    /** W3C trace context. */
    public static final String TRACEPARENT = "traceparent";

    /** The authenticated user, set by the gateway; never taken from a client. */
    public static final String USER_ID = "X-User-Id";

    /** The authenticated user's tier, set by the gateway. */
    public static final String USER_TIER = "X-User-Tier";

    /** The agent whose answer this is. */
    public static final String AGENT = "X-Agent";

    /** The strategy that produced the answer. */
    public static final String STRATEGY = "X-Strategy";

    /** Cache outcome: {@code HIT-EXACT}, {@code HIT-SEMANTIC} or {@code MISS}. */
    public static final String CACHE = "X-Cache";

    /** What the answer cost in US dollars. */
    public static final String COST_USD = "X-Cost-USD";

    /** Alternative to {@code Authorization: Bearer} for the API key. */
    public static final String API_KEY = "X-API-Key";

    /**
     * The gateway's all-MiniLM-L6-v2 embedding of the prompt, so the router need not compute it
     * again: 384 little-endian float32 values, L2-normalised, Base64-encoded. Set only by the
     * gateway; a client-sent value is dropped.
     */
    public static final String PROMPT_EMBEDDING = "X-Prompt-Embedding";

    /** The conversation a chat completion belongs to, for memory. */
    public static final String CONVERSATION_ID = "X-Conversation-Id";

    private Headers() {}
}
