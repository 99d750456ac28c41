package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.orchestrator.task.TaskQueue;
import dev.agentplatform.orchestrator.task.TaskView;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.RequestIds;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/executions}: the router hands over a routed task and waits for its answer (200
 * {@code TaskResult}), or, for {@code task.async}, gets 202 {@code {"id", "status": "PENDING"}} once
 * the task is queued durably.
 */
@RestController
class ExecutionController {

    private static final int MAX_HEADER_VALUE = 200;

    private final ExecutionService executions;
    private final TaskQueue tasks;
    private final ExecutionProperties properties;

    ExecutionController(ExecutionService executions, TaskQueue tasks, ExecutionProperties properties) {
        this.executions = executions;
        this.tasks = tasks;
        this.properties = properties;
    }

    @PostMapping(
            path = "/v1/executions",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> execute(
            @Valid @RequestBody ExecutionRequest request,
            @RequestHeader(name = Headers.USER_ID, required = false) String userIdHeader,
            @RequestHeader(name = Headers.USER_TIER, required = false) String tierHeader) {
        String userId = firstPresent(userIdHeader, request.task().userId());
        if (userId == null) {
            throw invalid("the caller is unknown: send " + Headers.USER_ID + " or task.userId");
        }
        String tier = firstPresent(tierHeader, properties.defaultTier());
        if (userId.length() > MAX_HEADER_VALUE || tier.length() > MAX_HEADER_VALUE) {
            throw invalid(Headers.USER_ID + " and " + Headers.USER_TIER + " take at most " + MAX_HEADER_VALUE
                    + " characters");
        }
        if (request.task().isAsync()) {
            // The orchestrator owns async tasks: queued durably, answered 202 at once.
            TaskView view = tasks.submit(request, userId, tier, MDC.get(RequestIds.MDC_KEY));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", view.id());
            body.put("status", view.status().name());
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .location(URI.create("/v1/tasks/" + view.id()))
                    .body(body);
        }
        TaskResult result = executions.execute(request, new Caller(userId, tier, MDC.get(RequestIds.MDC_KEY)));
        return ResponseEntity.ok()
                .header(Headers.AGENT, result.agent())
                .header(Headers.STRATEGY, result.strategy().name())
                .header(Headers.COST_USD, result.costUsd().toPlainString())
                .body(result);
    }

    private static String firstPresent(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first.strip();
        }
        return second == null || second.isBlank() ? null : second.strip();
    }

    private static PlatformException invalid(String detail) {
        return new PlatformException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    }
}
