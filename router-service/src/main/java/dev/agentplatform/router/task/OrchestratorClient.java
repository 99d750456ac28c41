package dev.agentplatform.router.task;

import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.support.PlatformException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/** Calls the orchestrator's {@code POST /v1/executions}. */
@Component
class OrchestratorClient {

    private static final Logger log = LoggerFactory.getLogger(OrchestratorClient.class);

    /** Problems are small; anything bigger is not a problem body worth relaying whole. */
    private static final int MAX_PROBLEM_BYTES = 64 * 1024;

    private final RestClient client;
    private final ClientsProperties properties;

    OrchestratorClient(RestClient.Builder builder, ClientsProperties properties) {
        this.properties = properties;
        this.client = builder.baseUrl(properties.orchestratorUrl().toString())
                .requestFactory(ClientHttpRequestFactoryBuilder.detect()
                        .build(HttpClientSettings.defaults()
                                .withTimeouts(properties.connectTimeout(), properties.readTimeout())))
                .build();
    }

    /**
     * Runs the task. Throws {@link DownstreamProblemException} when the orchestrator answers with
     * an error, and a 503 or 504 problem when it cannot be reached or does not answer in time.
     */
    Executed execute(ExecutionRequest request, String userId, String tier) {
        try {
            return client.post()
                    .uri("/v1/executions")
                    .headers(headers -> {
                        headers.set(Headers.USER_ID, userId);
                        if (tier != null) {
                            headers.set(Headers.USER_TIER, tier);
                        }
                    })
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                    .body(request)
                    .exchange((req, response) -> {
                        if (response.getStatusCode().value() == 202) {
                            // async: the orchestrator owns the task now; its answer goes back as it came
                            byte[] body;
                            try (InputStream in = response.getBody()) {
                                body = in.readNBytes(MAX_PROBLEM_BYTES);
                            }
                            return new Executed(
                                    null, body, response.getHeaders().getContentType());
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
            if (isTimeout(e)) {
                log.warn("orchestrator did not answer task {} in time", request.taskId());
                throw new PlatformException(
                        HttpStatus.GATEWAY_TIMEOUT,
                        ProblemTypes.DEADLINE_EXCEEDED,
                        "Deadline exceeded",
                        "The orchestrator did not answer in time");
            }
            log.warn("orchestrator unreachable at {}: {}", properties.orchestratorUrl(), e.getMessage());
            throw new PlatformException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            ProblemTypes.UNAVAILABLE,
                            "Service unavailable",
                            "The orchestrator cannot be reached; try again shortly")
                    .header(
                            HttpHeaders.RETRY_AFTER,
                            String.valueOf(properties.retryAfter().toSeconds()));
        }
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
