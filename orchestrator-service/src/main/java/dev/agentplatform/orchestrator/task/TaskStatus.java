package dev.agentplatform.orchestrator.task;

/** Where an async task stands. */
public enum TaskStatus {
    /** Accepted and queued. */
    PENDING,
    /** An orchestrator instance is running it. */
    RUNNING,
    /** Answered; the result is stored. */
    SUCCEEDED,
    /** Ended without an answer; the error is stored. */
    FAILED;

    /** Whether the task will not change any more. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
