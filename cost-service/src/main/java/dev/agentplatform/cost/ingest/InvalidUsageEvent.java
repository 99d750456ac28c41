package dev.agentplatform.cost.ingest;

/** A stream entry that can never be booked, however often it is retried. */
class InvalidUsageEvent extends Exception {

    InvalidUsageEvent(String reason) {
        super(reason);
    }

    InvalidUsageEvent(String reason, Throwable cause) {
        super(reason, cause);
    }
}
