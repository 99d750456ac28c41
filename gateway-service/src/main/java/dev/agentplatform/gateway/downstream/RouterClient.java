package dev.agentplatform.gateway.downstream;

import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.TaskRequest;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.security.ServiceTokens;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls the router for the gateway's own endpoints. Built from Boot's {@link WebClient.Builder} so
 * the trace context travels along; the request id and the caller's identity are set here. An error
 * answer becomes a {@link DownstreamProblem}; no answer at all a 503 or 504 problem.
 */
@Component
public class RouterClient {

    private static final Logger log = LoggerFactory.getLogger(RouterClient.class);

    private static final ParameterizedTypeReference<List<AgentSummary>> AGENTS = new ParameterizedTypeReference<>() {};
    private static final ParameterizedTypeReference<List<ModelSummary>> MODELS = new ParameterizedTypeReference<>() {};
    private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS =
            new ParameterizedTypeReference<>() {};

    /** The event of a task stream that carries the finished task. */
    public static final String RESULT_EVENT = "result";

    /** Problems are small; anything bigger is not a problem body worth relaying whole. */
    private static final int MAX_PROBLEM_BYTES = 64 * 1024;

    private final WebClient client;
    private final RoutesProperties routes;
    private final ServiceTokens tokens;

    RouterClient(WebClient.Builder builder, RoutesProperties routes, ServiceTokens tokens) {
        this.client = builder.baseUrl(routes.routerUrl().toString()).build();
        this.routes = routes;
        this.tokens = tokens;
    }

    /**
     * How the gateway asks the router to run a task, beside the task and its caller.
     *
     * @param promptEmbedding the prompt's embedding ({@link Headers#PROMPT_EMBEDDING}, Base64) when the
     *     gateway has one, so the router need not compute it again; {@code null} otherwise
     * @param costPolicy the client's {@code X-Cost-Policy}, or {@code null}
     * @param overloaded whether the gateway admitted the request overloaded ({@link
     *     Headers#OVERLOADED})
     */
    public record Handling(String promptEmbedding, String costPolicy, boolean overloaded) {}

    /** Runs a task through the router's {@code POST /v1/tasks}. */
    public Mono<TaskResult> submitTask(TaskRequest task, Caller caller, String requestId, Handling handling) {
        return call(tasks(task, caller, requestId, handling), response -> response.bodyToMono(TaskResult.class));
    }

    /**
     * Runs a task through the router's {@code POST /v1/tasks} asking for its stream
     * ({@code Accept: text/event-stream}): the events as they arrive ({@code delta}s, then a
     * {@code result} or an {@code error}). A router that answers whole JSON instead yields one
     * {@code result} event. A problem answer (the task failed before its answer began) is the
     * stream's error, a {@link DownstreamProblem}, before any event; so are an unreachable router
     * (503) and a router silent for longer than the timeout (504), which can also end the stream
     * later.
     */
    public Flux<ServerSentEvent<String>> streamTask(
            TaskRequest task, Caller caller, String requestId, Handling handling) {
        return tasks(task, caller, requestId, handling)
                .accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_PROBLEM_JSON)
                .exchangeToFlux(response -> {
                    if (!response.statusCode().is2xxSuccessful()) {
                        return RouterClient.<ServerSentEvent<String>>problem(response)
                                .flux();
                    }
                    boolean stream = response.headers()
                            .contentType()
                            .map(MediaType.TEXT_EVENT_STREAM::isCompatibleWith)
                            .orElse(false);
                    if (stream) {
                        return response.bodyToFlux(EVENTS);
                    }
                    return response.bodyToMono(String.class)
                            .switchIfEmpty(Mono.error(() -> upstreamFailure("The router answered without a body")))
                            .map(body -> ServerSentEvent.builder(body)
                                    .event(RESULT_EVENT)
                                    .build())
                            .flux();
                })
                .timeout(routes.timeout())
                .onErrorMap(this::unreachable);
    }

    private WebClient.RequestHeadersSpec<?> tasks(
            TaskRequest task, Caller caller, String requestId, Handling handling) {
        return client.post()
                .uri("/v1/tasks")
                .headers(h -> {
                    identify(h, caller, requestId);
                    if (handling.promptEmbedding() != null) {
                        h.set(Headers.PROMPT_EMBEDDING, handling.promptEmbedding());
                    }
                    if (handling.costPolicy() != null) {
                        h.set(Headers.COST_POLICY, handling.costPolicy());
                    }
                    if (handling.overloaded()) {
                        h.set(Headers.OVERLOADED, "true");
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(task);
    }

    /** The router's agents, from {@code GET /v1/agents}. */
    public Mono<List<AgentSummary>> agents(Caller caller, String requestId) {
        return call(
                client.get().uri("/v1/agents").headers(h -> identify(h, caller, requestId)),
                response -> response.bodyToMono(AGENTS));
    }

    /** Every value a request's {@code model} may take, from the router's {@code GET /v1/models}. */
    public Mono<List<ModelSummary>> models(Caller caller, String requestId) {
        return call(
                client.get().uri("/v1/models").headers(h -> identify(h, caller, requestId)),
                response -> response.bodyToMono(MODELS));
    }

    private <T> Mono<T> call(
            WebClient.RequestHeadersSpec<?> request, java.util.function.Function<ClientResponse, Mono<T>> success) {
        return request.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? success.apply(response)
                                .switchIfEmpty(Mono.error(() -> upstreamFailure("The router answered without a body")))
                        : problem(response))
                .timeout(routes.timeout())
                .onErrorMap(this::unreachable);
    }

    /** An unreachable router as a 503 problem, one too slow as a 504; other errors as they are. */
    private Throwable unreachable(Throwable e) {
        if (e instanceof WebClientRequestException) {
            log.warn("router unreachable at {}: {}", routes.routerUrl(), e.getMessage());
            return new PlatformException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            ProblemTypes.UNAVAILABLE,
                            "Service unavailable",
                            "The router cannot be reached; try again shortly")
                    .header(
                            HttpHeaders.RETRY_AFTER,
                            String.valueOf(routes.retryAfter().toSeconds()));
        }
        if (e instanceof org.springframework.core.codec.CodecException) {
            // an answer of a shape this gateway cannot read is the router's fault, not the caller's
            log.warn("unreadable answer of the router: {}", e.getMessage());
            return upstreamFailure("The router's answer could not be read");
        }
        if (e instanceof TimeoutException) {
            return new PlatformException(
                    HttpStatus.GATEWAY_TIMEOUT,
                    ProblemTypes.DEADLINE_EXCEEDED,
                    "Deadline exceeded",
                    "The router did not answer in time");
        }
        return e;
    }

    private static <T> Mono<T> problem(ClientResponse response) {
        MediaType contentType = response.headers().contentType().orElse(null);
        boolean json = contentType != null
                && (contentType.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        || contentType.isCompatibleWith(MediaType.APPLICATION_JSON));
        String retryAfter = response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        return response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap(body -> {
            if (!json || body.length == 0 || body.length > MAX_PROBLEM_BYTES) {
                // not a problem we can relay faithfully: say what happened in our own words
                return Mono.error(upstreamFailure(
                        "The router answered " + response.statusCode().value()));
            }
            return Mono.error(new DownstreamProblem(response.statusCode(), contentType, body, retryAfter));
        });
    }

    /**
     * The caller travels inside the gateway's service credential, never as bare headers: the user,
     * the tier, and the key and its team, whose budgets apply.
     */
    private void identify(HttpHeaders headers, Caller caller, String requestId) {
        headers.setBearerAuth(
                tokens.issue(caller.userId(), caller.tier(), caller.keyId(), caller.team(), caller.admin()));
        if (requestId != null) {
            headers.set(Headers.REQUEST_ID, requestId);
        }
    }

    private static PlatformException upstreamFailure(String detail) {
        return new PlatformException(HttpStatus.BAD_GATEWAY, ProblemTypes.UPSTREAM_FAILURE, "Upstream failure", detail);
    }
}
