package dev.agentplatform.orchestrator.event;

import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.UsageRecorded;

/**
 * Publishes the orchestrator's events. Publishing never fails the caller: an event that cannot be
 * delivered is logged, because the answer it describes has already been produced.
 */
public interface ExecutionEvents {

    /** One LLM call's spend. */
    void usageRecorded(UsageRecorded event);

    /** How one agent attempt ended. */
    void outcomeRecorded(OutcomeRecorded event);
}
