package dev.agentplatform.orchestrator.task;

import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /v1/tasks/{id}} and {@code GET /v1/tasks/{id}/events} for the task's owner; any other
 * caller gets the same 404 as for a task that does not exist.
 */
@RestController
class TaskController implements DisposableBean {

    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final TaskStore store;
    private final TasksProperties properties;
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "task-events");
        thread.setDaemon(true);
        return thread;
    });

    TaskController(TaskStore store, TasksProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    @GetMapping(path = "/v1/tasks/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    TaskView get(@PathVariable String id, @RequestHeader(name = Headers.USER_ID, required = false) String userId) {
        return store.view(owned(id, userId));
    }

    @GetMapping(path = "/v1/tasks/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String id, @RequestHeader(name = Headers.USER_ID, required = false) String userId) {
        owned(id, userId);
        SseEmitter emitter = new SseEmitter(properties.eventsTimeout().toMillis());
        AtomicReference<String> lastSent = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> job = new AtomicReference<>();
        Runnable tick = () -> {
            try {
                Optional<TaskStore.TaskState> state = store.find(id);
                if (state.isEmpty()) {
                    emitter.complete();
                    cancel(job);
                    return;
                }
                TaskView view = store.view(state.get());
                String marker = view.status() + "@" + view.updatedAt();
                if (!marker.equals(lastSent.get())) {
                    lastSent.set(marker);
                    emitter.send(SseEmitter.event()
                            .name("status")
                            .id(view.status().name())
                            .data(view, MediaType.APPLICATION_JSON));
                }
                if (view.status().isFinal()) {
                    emitter.complete();
                    cancel(job);
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away or the emitter is done.
                cancel(job);
            } catch (RuntimeException e) {
                // Redis hiccup: try again on the next tick.
            }
        };
        emitter.onCompletion(() -> cancel(job));
        emitter.onTimeout(() -> {
            cancel(job);
            emitter.complete();
        });
        emitter.onError(e -> cancel(job));
        job.set(poller.scheduleWithFixedDelay(
                tick, 0, Math.max(20, properties.eventsPoll().toMillis()), TimeUnit.MILLISECONDS));
        return emitter;
    }

    private static void cancel(AtomicReference<ScheduledFuture<?>> job) {
        ScheduledFuture<?> future = job.get();
        if (future != null) {
            future.cancel(false);
        }
    }

    private TaskStore.TaskState owned(String id, String userId) {
        if (!TASK_ID.matcher(id).matches()) {
            throw notFound(id);
        }
        Optional<TaskStore.TaskState> state;
        try {
            state = store.find(id);
        } catch (RuntimeException e) {
            throw new PlatformException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            ProblemTypes.UNAVAILABLE,
                            "Task store unavailable",
                            "Task state cannot be read right now")
                    .header(HttpHeaders.RETRY_AFTER, "5");
        }
        if (state.isEmpty()
                || userId == null
                || !userId.strip().equals(state.get().userId())) {
            throw notFound(id);
        }
        return state.get();
    }

    private static PlatformException notFound(String id) {
        return new PlatformException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Task not found", "No task " + id);
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
    }
}
