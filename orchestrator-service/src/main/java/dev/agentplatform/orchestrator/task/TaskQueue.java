package dev.agentplatform.orchestrator.task;

import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.stream.TraceParents;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Accepts async tasks: state PENDING in Redis and an entry on {@code platform.tasks}, atomically. */
@Component
public class TaskQueue {

    private static final Logger log = LoggerFactory.getLogger(TaskQueue.class);

    private final TaskStore store;
    private final JsonMapper json;
    private final TraceParents traceParents;

    TaskQueue(TaskStore store, JsonMapper json, TraceParents traceParents) {
        this.store = store;
        this.json = json;
        this.traceParents = traceParents;
    }

    /**
     * Queues {@code request} for {@code caller}, whose user, key and team budgets the task is held
     * to when it runs. Submitting a task id again changes nothing and answers the task as it stands
     * (a retried submission is not a second task).
     *
     * @throws PlatformException 503 when Redis cannot take the task, 409 when the id belongs to another user
     */
    public TaskView submit(ExecutionRequest request, Caller caller) {
        try {
            boolean created =
                    store.submit(request.taskId(), caller, json.writeValueAsString(request), traceParents.current());
            Optional<TaskStore.TaskState> state = store.find(request.taskId());
            if (state.isEmpty()) {
                throw new IllegalStateException("task " + request.taskId() + " vanished right after submission");
            }
            if (!created && !caller.userId().equals(state.get().userId())) {
                throw new PlatformException(
                        HttpStatus.CONFLICT,
                        ProblemTypes.INVALID_REQUEST,
                        "Task id in use",
                        "Another task already uses id " + request.taskId());
            }
            return store.view(state.get());
        } catch (PlatformException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("could not queue task {}: {}", request.taskId(), e.toString());
            throw new PlatformException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            ProblemTypes.UNAVAILABLE,
                            "Task queue unavailable",
                            "The task cannot be queued right now")
                    .header(HttpHeaders.RETRY_AFTER, "5");
        }
    }
}
