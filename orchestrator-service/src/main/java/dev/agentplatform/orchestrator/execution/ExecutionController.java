package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.Strategy;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.orchestrator.provider.TokenSink;
import dev.agentplatform.orchestrator.task.Caller;
import dev.agentplatform.orchestrator.task.TaskQueue;
import dev.agentplatform.orchestrator.task.TaskView;
import dev.agentplatform.support.EventStreams;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.Problems;
import dev.agentplatform.support.RequestIds;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/executions}: the router hands over a routed task and waits for its answer (200
 * {@code TaskResult}), or, for {@code task.async}, gets 202 {@code {"id", "status": "PENDING"}} once
 * the task is queued durably. With {@code Accept: text/event-stream} the answer streams as it is
 * produced.
 */
@RestController
class ExecutionController {

    private static final Logger log = LoggerFactory.getLogger(ExecutionController.class);
    private static final int MAX_HEADER_VALUE = 200;

    private final ExecutionService executions;
    private final TaskQueue tasks;
    private final ExecutionProperties properties;
    private final JsonMapper json;

    ExecutionController(ExecutionService executions, TaskQueue tasks, ExecutionProperties properties, JsonMapper json) {
        this.executions = executions;
        this.tasks = tasks;
        this.properties = properties;
        this.json = json;
    }

    @PostMapping(
            path = "/v1/executions",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE})
    ResponseEntity<?> execute(
            @Valid @RequestBody ExecutionRequest request,
            @RequestHeader(name = Headers.USER_ID, required = false) String userIdHeader,
            @RequestHeader(name = Headers.USER_TIER, required = false) String tierHeader,
            @RequestHeader(name = Headers.KEY_ID, required = false) String keyId,
            @RequestHeader(name = Headers.USER_TEAM, required = false) String team,
            @RequestHeader(name = Headers.COST_POLICY, required = false) String costPolicy,
            @RequestHeader(name = Headers.OVERLOADED, required = false) boolean overloaded,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response) {
        Caller caller = caller(request, userIdHeader, tierHeader, keyId, team, costPolicy);
        if (EventStreams.asked(accept)) {
            stream(request, caller, overloaded, response);
            return null;
        }
        if (request.task().isAsync()) {
            // The orchestrator owns async tasks: queued durably with their caller, answered 202 at once.
            TaskView view = tasks.submit(request, caller);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", view.id());
            body.put("status", view.status().name());
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .location(URI.create("/v1/tasks/" + view.id()))
                    .body(body);
        }
        TaskResult result = executions.execute(request, caller, null, overloaded);
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (result.costDowngraded() != null) {
            ok.header(Headers.COST_DOWNGRADED, result.costDowngraded());
        }
        return ok.header(Headers.AGENT, result.agent())
                .header(Headers.STRATEGY, result.strategy().name())
                .header(Headers.COST_USD, result.costUsd().toPlainString())
                .body(result);
    }

    /**
     * The task answered as a stream ({@code Accept: text/event-stream}): see
     * {@link ExecutionEventStream} for the events. Whatever fails before the first piece of the
     * answer is an ordinary problem response with its status (402, 503, ...); what fails after it
     * ends the stream with an {@code error} event. PARALLEL and CASCADE runs send their chosen answer
     * as one piece.
     */
    private void stream(ExecutionRequest request, Caller caller, boolean overloaded, HttpServletResponse response) {
        if (request.task().isAsync()) {
            throw invalid("an async task is answered with its id, not streamed: ask for application/json");
        }
        ExecutionEventStream events = new ExecutionEventStream(response, json);
        // only a SINGLE run (or a degradation to one) streams piece by piece
        TokenSink sink = new TokenSink(
                (agent, costDowngraded, piece) -> events.delta(piece, agent, Strategy.SINGLE, costDowngraded));
        try {
            answer(request, caller, overloaded, events, sink);
        } finally {
            if (events.gone()) {
                // the interrupt that stopped the answer for a client that left ends with it
                Thread.interrupted();
            }
        }
    }

    private void answer(
            ExecutionRequest request, Caller caller, boolean overloaded, ExecutionEventStream events, TokenSink sink) {
        TaskResult result;
        try {
            result = executions.execute(request, caller, sink, overloaded);
        } catch (PlatformException e) {
            if (!sink.started()) {
                throw e;
            }
            events.error(Problems.decorate(e.toProblem(), caller.requestId()));
            return;
        } catch (RuntimeException e) {
            if (!sink.started()) {
                throw e;
            }
            log.error("task {} failed after its answer began", request.taskId(), e);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.INTERNAL_SERVER_ERROR, "The answer broke off unexpectedly");
            problem.setTitle("Internal error");
            events.error(Problems.decorate(problem, caller.requestId()));
            return;
        }
        if (!sink.started()) {
            events.delta(result.content(), result.agent(), result.strategy(), result.costDowngraded());
        }
        events.result(result);
    }

    private Caller caller(
            ExecutionRequest request,
            String userIdHeader,
            String tierHeader,
            String keyIdHeader,
            String teamHeader,
            String costPolicy) {
        // only the service credential names the user; the task's userId field is the router's copy of it
        String userId = firstPresent(userIdHeader, null);
        if (userId == null) {
            throw invalid("the caller is unknown: the service credential names no user");
        }
        String tier = firstPresent(tierHeader, properties.defaultTier());
        if (userId.length() > MAX_HEADER_VALUE || tier.length() > MAX_HEADER_VALUE) {
            throw invalid(Headers.USER_ID + " and " + Headers.USER_TIER + " take at most " + MAX_HEADER_VALUE
                    + " characters");
        }
        // the key and team are the credential's (the gateway's, passed on by the router)
        String keyId = firstPresent(keyIdHeader, null);
        String team = firstPresent(teamHeader, null);
        if ((keyId != null && keyId.length() > MAX_HEADER_VALUE)
                || (team != null && team.length() > MAX_HEADER_VALUE)) {
            throw invalid(
                    Headers.KEY_ID + " and " + Headers.USER_TEAM + " take at most " + MAX_HEADER_VALUE + " characters");
        }
        boolean strict = false;
        if (costPolicy != null && !costPolicy.isBlank()) {
            strict = switch (costPolicy.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "strict" -> true;
                case "downgrade" -> false;
                default ->
                    throw invalid(Headers.COST_POLICY + " is strict or downgrade, not '" + costPolicy.strip() + "'");
            };
        }
        return new Caller(userId, tier, MDC.get(RequestIds.MDC_KEY), keyId, team, strict);
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
