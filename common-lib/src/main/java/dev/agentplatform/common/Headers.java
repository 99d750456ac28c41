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

    /**
     * The API key the request came with (its id, never the secret), set by the gateway: a key's
     * budget applies to it. Carried inside the service credential like the user.
     */
    public static final String KEY_ID = "X-Key-Id";

    /** The team of that API key, set by the gateway: the team's budget applies. */
    public static final String USER_TEAM = "X-User-Team";

    /**
     * How a request meets a budget too small for its model's worst case: by default it runs on a
     * cheaper model the budget can hold; {@code strict} refuses (402) instead.
     */
    public static final String COST_POLICY = "X-Cost-Policy";

    /**
     * Set by the gateway ({@code true}) on a request it admitted while it had more than its
     * {@code degrade-in-flight} requests in flight; passed on by the router. The orchestrator then
     * runs the task's agents of dearer tiers on its overload tier (free by default), as it does when
     * its own load is high: under overload the platform degrades to cheaper models before it sheds.
     * Never taken from a client.
     */
    public static final String OVERLOADED = "X-Platform-Overloaded";

    /** Set on an answer a smaller budget moved to a cheaper model: {@code from->to}. */
    public static final String COST_DOWNGRADED = "X-Cost-Downgraded";

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
