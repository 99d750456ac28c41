package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.orchestrator.task.Caller;
import dev.agentplatform.orchestrator.task.TaskRunner;
import org.springframework.stereotype.Component;

/** Runs queued async tasks exactly like sync ones. */
@Component
class ExecutionTaskRunner implements TaskRunner {

    private final ExecutionService executions;

    ExecutionTaskRunner(ExecutionService executions) {
        this.executions = executions;
    }

    @Override
    public TaskResult run(ExecutionRequest request, Caller caller) {
        return executions.execute(request, caller);
    }
}
