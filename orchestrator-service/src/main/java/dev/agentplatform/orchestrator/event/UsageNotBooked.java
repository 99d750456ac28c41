package dev.agentplatform.orchestrator.event;

/**
 * A usage event could not be made durable (published or kept in the outbox), or the service is
 * configured to refuse rather than answer unbilled. The task it belongs to must not be answered.
 */
public class UsageNotBooked extends RuntimeException {

    UsageNotBooked(String eventId, Throwable cause) {
        super("usage event " + eventId + " could not be booked: " + cause, cause);
    }
}
