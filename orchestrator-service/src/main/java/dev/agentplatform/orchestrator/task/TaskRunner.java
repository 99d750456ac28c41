package dev.agentplatform.orchestrator.task;

import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.TaskResult;

/** Runs a task's execution now; implemented by the execution feature. */
@FunctionalInterface
public interface TaskRunner {

    /**
     * Runs {@code request} for {@code caller} (the one that submitted it, with its key and team) and
     * returns its answer.
     *
     * @throws dev.agentplatform.support.PlatformException when the task cannot be answered (402, 503, ...)
     */
    TaskResult run(ExecutionRequest request, Caller caller);
}
