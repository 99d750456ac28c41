package dev.agentplatform.orchestrator.event;

/**
 * One event waiting in the {@link EventOutbox}: everything its stream entry will carry.
 *
 * @param stream the stream it goes to, e.g. {@code platform.usage}
 * @param eventId the event's stable id (consumers deduplicate by it)
 * @param payload the event as JSON
 * @param traceparent the producer's W3C {@code traceparent}, or an empty string
 */
record OutboxEntry(String stream, String eventId, String payload, String traceparent) {}
