package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.TaskResult;
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
    public TaskResult run(ExecutionRequest request, String userId, String tier, String requestId) {
        return executions.execute(request, new Caller(userId, tier, requestId));
    }
}
