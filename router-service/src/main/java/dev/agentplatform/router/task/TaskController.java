package dev.agentplatform.router.task;

import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.RoutingDecision;
import dev.agentplatform.common.TaskRequest;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.router.classify.PromptEmbedder;
import dev.agentplatform.router.history.RoutingHistory;
import dev.agentplatform.router.routing.RouteQuery;
import dev.agentplatform.router.routing.RoutingService;
import dev.agentplatform.support.EventStreams;
import dev.agentplatform.support.PlatformException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/tasks}: route, execute through the orchestrator, answer with its result; with
 * {@code Accept: text/event-stream}, relay the orchestrator's stream as it comes.
 */
@RestController
class TaskController {

    /** What user ids and tiers may look like: they end up in URL paths and Redis keys downstream. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");
    /** Agent names as they may appear in a header. */
    private static final Pattern HEADER_SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** {@code from->to}, two model ids. */
    private static final Pattern DOWNGRADE_SAFE = Pattern.compile("[A-Za-z0-9._:/@-]{1,200}->[A-Za-z0-9._:/@-]{1,200}");

    private final RoutingService routing;
    private final OrchestratorClient orchestrator;
    private final RoutingHistory history;

    TaskController(RoutingService routing, OrchestratorClient orchestrator, RoutingHistory history) {
        this.routing = routing;
        this.orchestrator = orchestrator;
        this.history = history;
    }

    @PostMapping("/v1/tasks")
    ResponseEntity<?> submit(
            @Valid @RequestBody TaskRequest task,
            @RequestHeader(name = Headers.USER_ID, required = false) String userIdHeader,
            @RequestHeader(name = Headers.USER_TIER, required = false) String tier,
            @RequestHeader(name = Headers.KEY_ID, required = false) String keyId,
            @RequestHeader(name = Headers.USER_TEAM, required = false) String team,
            @RequestHeader(name = Headers.COST_POLICY, required = false) String costPolicy,
            @RequestHeader(name = Headers.OVERLOADED, required = false) boolean overloaded,
            @RequestHeader(name = Headers.PROMPT_EMBEDDING, required = false) String promptEmbedding,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response) {
        // the user is the one the caller's service credential names; a userId in the body means nothing
        String userId = userIdHeader == null ? null : userIdHeader.trim();
        requireSafe("the service credential's user", userId);
        if (tier != null) {
            requireSafe(Headers.USER_TIER + " header", tier);
        }
        RoutingService.Routed routed = routing.route(RouteQuery.of(task, userId, tier, promptEmbedding, team, keyId));
        RoutingDecision decision = routed.decision();
        String taskId = UUID.randomUUID().toString();
        ExecutionRequest execution = new ExecutionRequest(taskId, task.withUserId(userId), decision);
        history.recordDecision(taskId, PromptEmbedder.hash(task.prompt()), routed.embedding(), decision);
        // the key and team come from the credential too; the orchestrator checks their budgets
        if (costPolicy != null) {
            requireSafe(Headers.COST_POLICY + " header", costPolicy);
        }
        OrchestratorClient.Identity identity =
                new OrchestratorClient.Identity(userId, tier, keyId, team, costPolicy, overloaded);
        if (EventStreams.asked(accept)) {
            orchestrator.stream(execution, identity, response);
            return null;
        }
        OrchestratorClient.Executed executed = orchestrator.execute(execution, identity);
        if (executed.result() != null) {
            return ResponseEntity.ok().headers(answeredBy(executed.result())).body(executed.result());
        }
        ResponseEntity.BodyBuilder accepted = ResponseEntity.status(HttpStatus.ACCEPTED);
        if (executed.contentType() != null) {
            accepted.contentType(executed.contentType());
        }
        return accepted.body(executed.accepted());
    }

    /**
     * {@code X-Agent}: the agents that contributed, in order (a CASCADE's drafts and refinements), and
     * {@code X-Strategy}; names that are not safe in a header are left out.
     */
    static HttpHeaders answeredBy(TaskResult result) {
        HttpHeaders headers = new HttpHeaders();
        String agents = result.contributors().stream()
                .filter(name -> name != null && HEADER_SAFE.matcher(name).matches())
                .collect(java.util.stream.Collectors.joining(","));
        if (!agents.isEmpty()) {
            headers.set(Headers.AGENT, agents);
        }
        if (result.strategy() != null) {
            headers.set(Headers.STRATEGY, result.strategy().name());
        }
        if (result.costDowngraded() != null
                && DOWNGRADE_SAFE.matcher(result.costDowngraded()).matches()) {
            headers.set(Headers.COST_DOWNGRADED, result.costDowngraded());
        }
        return headers;
    }

    @ExceptionHandler(DownstreamProblemException.class)
    ResponseEntity<byte[]> downstreamProblem(DownstreamProblemException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status()).contentType(e.contentType());
        if (e.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfter());
        }
        return response.body(e.body());
    }

    private static void requireSafe(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new PlatformException(
                    HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", what + " is required");
        }
        if (!SAFE_ID.matcher(value).matches()) {
            throw new PlatformException(
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST,
                    "Invalid request",
                    what + " must be 1 to 200 of A-Z a-z 0-9 . _ : @ -");
        }
    }
}
