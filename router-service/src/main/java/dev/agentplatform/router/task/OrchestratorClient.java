package dev.agentplatform.router.task;

import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.http.PooledHttp;
import dev.agentplatform.support.security.ServiceTokens;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/** Calls the orchestrator's {@code POST /v1/executions}, for the whole answer or its stream. */
@Component
class OrchestratorClient {

    private static final Logger log = LoggerFactory.getLogger(OrchestratorClient.class);

    /** Problems are small; anything bigger is not a problem body worth relaying whole. */
    private static final int MAX_PROBLEM_BYTES = 64 * 1024;

    /** Ends a stream the orchestrator broke off. */
    private static final String BROKEN_OFF = "event: error\ndata: {\"type\":\"" + ProblemTypes.UPSTREAM_FAILURE
            + "\",\"title\":\"Upstream failure\",\"status\":502,"
            + "\"detail\":\"The orchestrator's stream broke off\"}\n\n";

    private final RestClient client;
    private final ClientsProperties properties;

    OrchestratorClient(RestClient.Builder builder, ClientsProperties properties) {
        this.properties = properties;
        // pooled keep-alive connections on the request's own thread, never retrying a POST on its
        // own: a repeated task would run twice; retries and fallbacks are the orchestrator's decision
        this.client = builder.baseUrl(properties.orchestratorUrl().toString())
                .requestFactory(PooledHttp.requestFactory(properties.connectTimeout(), properties.readTimeout()))
                .build();
    }

    /**
     * Runs the task. Throws {@link DownstreamProblemException} when the orchestrator answers with
     * an error, and a 503 or 504 problem when it cannot be reached or does not answer in time.
     */
    Executed execute(ExecutionRequest request, Identity identity) {
        try {
            return post(request, identity, MediaType.APPLICATION_JSON).exchange((req, response) -> {
                if (response.getStatusCode().value() == 202) {
                    // async: the orchestrator owns the task now; its answer goes back as it came
                    byte[] body;
                    try (InputStream in = response.getBody()) {
                        body = in.readNBytes(MAX_PROBLEM_BYTES);
                    }
                    return new Executed(null, body, response.getHeaders().getContentType());
                }
                if (response.getStatusCode().is2xxSuccessful()) {
                    TaskResult result = response.bodyTo(TaskResult.class);
                    if (result == null) {
                        throw upstreamFailure("The orchestrator answered without a result");
                    }
                    return new Executed(result, null, null);
                }
                throw problemFrom(response);
            });
        } catch (ResourceAccessException e) {
            throw unreachable(request, e);
        }
    }

    /**
     * Runs the task streamed ({@code Accept: text/event-stream}) and relays the orchestrator's
     * stream to {@code target} byte for byte, flushing whatever arrives at once. A problem answer
     * (the task failed before its answer began) is thrown as for {@link #execute}, so it reaches
     * the caller with its status. If the orchestrator's stream breaks off, an {@code error} event
     * ends it: a cut stream must not look like a finished one.
     */
    void stream(ExecutionRequest request, Identity identity, HttpServletResponse target) {
        try {
            post(request, identity, MediaType.TEXT_EVENT_STREAM).exchange((req, response) -> {
                if (!response.getStatusCode().is2xxSuccessful()) {
                    throw problemFrom(response);
                }
                relay(request, response, target);
                return null;
            });
        } catch (ResourceAccessException e) {
            throw unreachable(request, e);
        }
    }

    /** The call, asking for {@code answer} or a problem. */
    private RestClient.RequestBodySpec post(ExecutionRequest request, Identity identity, MediaType answer) {
        RestClient.RequestBodySpec post = client.post()
                .uri("/v1/executions")
                // the interceptor moves these into the service credential
                .headers(headers -> {
                    ServiceTokens.actFor(
                            headers, identity.userId(), identity.tier(), identity.keyId(), identity.team());
                    if (identity.costPolicy() != null) {
                        headers.set(Headers.COST_POLICY, identity.costPolicy());
                    }
                    if (identity.overloaded()) {
                        headers.set(Headers.OVERLOADED, "true");
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .accept(answer, MediaType.APPLICATION_PROBLEM_JSON);
        post.body(request);
        return post;
    }

    /**
     * Who the task runs for, as the caller's service credential said: the user and tier, and the
     * API key and its team whose budgets apply; the caller's {@code X-Cost-Policy} (each but the
     * user may be {@code null}); and whether the gateway admitted the task overloaded
     * ({@code X-Platform-Overloaded}).
     */
    record Identity(String userId, String tier, String keyId, String team, String costPolicy, boolean overloaded) {

        Identity(String userId, String tier, String keyId, String team) {
            this(userId, tier, keyId, team, null, false);
        }
    }

    private static void relay(ExecutionRequest request, ClientHttpResponse response, HttpServletResponse target)
            throws IOException {
        target.setStatus(HttpServletResponse.SC_OK);
        MediaType type = response.getHeaders().getContentType();
        target.setContentType(type == null ? MediaType.TEXT_EVENT_STREAM_VALUE : type.toString());
        target.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        OutputStream out = target.getOutputStream();
        byte[] buffer = new byte[8192];
        boolean eventEnded = true;
        InputStream in = response.getBody();
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    log.warn("task {}: the orchestrator's stream broke off: {}", request.taskId(), e.toString());
                    byte[] error = ((eventEnded ? "" : "\n\n") + BROKEN_OFF).getBytes(StandardCharsets.UTF_8);
                    send(request, out, error, error.length);
                    return;
                }
                if (n < 0 || !send(request, out, buffer, n)) {
                    return;
                }
                if (n > 0) {
                    eventEnded = n >= 2 && buffer[n - 1] == '\n' && buffer[n - 2] == '\n';
                }
            }
        } finally {
            try {
                in.close();
            } catch (IOException e) {
                // a broken stream may fail to close as well; it is over either way
            }
        }
    }

    /** Writes and flushes; {@code false} when the caller has gone away. */
    private static boolean send(ExecutionRequest request, OutputStream out, byte[] bytes, int length) {
        try {
            out.write(bytes, 0, length);
            out.flush();
            return true;
        } catch (IOException e) {
            log.info("task {}: the caller left the stream: {}", request.taskId(), e.toString());
            return false;
        }
    }

    private PlatformException unreachable(ExecutionRequest request, ResourceAccessException e) {
        if (isTimeout(e)) {
            log.warn("orchestrator did not answer task {} in time", request.taskId());
            return new PlatformException(
                    HttpStatus.GATEWAY_TIMEOUT,
                    ProblemTypes.DEADLINE_EXCEEDED,
                    "Deadline exceeded",
                    "The orchestrator did not answer in time");
        }
        log.warn("orchestrator unreachable at {}: {}", properties.orchestratorUrl(), e.getMessage());
        return new PlatformException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemTypes.UNAVAILABLE,
                        "Service unavailable",
                        "The orchestrator cannot be reached; try again shortly")
                .header(
                        HttpHeaders.RETRY_AFTER,
                        String.valueOf(properties.retryAfter().toSeconds()));
    }

    /**
     * The orchestrator's answer: a result (200), or an accepted async task's body (202) to relay.
     *
     * @param result the finished task, or {@code null} when accepted
     * @param accepted the 202 body, or {@code null}
     * @param contentType the 202 body's type
     */
    record Executed(TaskResult result, byte[] accepted, MediaType contentType) {}

    private static RuntimeException problemFrom(ClientHttpResponse response) throws IOException {
        MediaType contentType = response.getHeaders().getContentType();
        byte[] body;
        try (InputStream in = response.getBody()) {
            body = in.readNBytes(MAX_PROBLEM_BYTES);
        }
        boolean json = contentType != null
                && (contentType.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        || contentType.isCompatibleWith(MediaType.APPLICATION_JSON));
        if (!json || body.length == 0 || body.length == MAX_PROBLEM_BYTES) {
            // not a problem we can relay faithfully: say what happened in our own words
            return upstreamFailure(
                    "The orchestrator answered " + response.getStatusCode().value());
        }
        return new DownstreamProblemException(
                response.getStatusCode(),
                contentType,
                body,
                response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
    }

    private static PlatformException upstreamFailure(String detail) {
        return new PlatformException(HttpStatus.BAD_GATEWAY, ProblemTypes.UPSTREAM_FAILURE, "Upstream failure", detail);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
