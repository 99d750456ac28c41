package dev.agentplatform.common;

/** Redis Stream names and the fields every stream entry carries. */
public final class Streams {

    /** LLM and tool spend, one {@link UsageRecorded} per entry; consumed by the cost service. */
    public static final String USAGE = "platform.usage";

    /** Agent attempt outcomes, one {@link OutcomeRecorded} per entry; consumed by the router. */
    public static final String OUTCOMES = "platform.outcomes";

    /** Async tasks, one {@link ExecutionRequest} per entry; consumed by the orchestrator. */
    public static final String TASKS = "platform.tasks";

    /** Entry field holding the event's id. */
    public static final String FIELD_EVENT_ID = "eventId";

    /** Entry field holding the event as JSON. */
    public static final String FIELD_PAYLOAD = "payload";

    /** Entry field holding the W3C trace context of the producer. */
    public static final String FIELD_TRACEPARENT = "traceparent";

    private Streams() {}
}
