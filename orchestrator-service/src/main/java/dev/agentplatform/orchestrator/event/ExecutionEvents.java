package dev.agentplatform.orchestrator.event;

import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.UsageRecorded;

/**
 * Publishes the orchestrator's events. An event Redis cannot take right now waits in a local
 * outbox and goes out once Redis is back; only a usage event that cannot be kept at all (or with
 * {@code on-unbookable: refuse}, not published at once) fails the caller.
 */
public interface ExecutionEvents {

    /**
     * One LLM call's spend.
     *
     * @throws UsageNotBooked when the event is neither published nor kept for later: the answer
     *     it pays for must not be served
     */
    void usageRecorded(UsageRecorded event);

    /** How one agent attempt ended; never fails the caller. */
    void outcomeRecorded(OutcomeRecorded event);
}
