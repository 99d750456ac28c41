package dev.agentplatform.orchestrator.provider;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The HTTP client langchain4j's models call through: the JDK client, but an error answer keeps its
 * {@code Retry-After}, which langchain4j's own client drops, and a stream is read on the calling
 * thread, so the call's deadline (an interrupt) and the caller's token handling stay on it.
 */
final class LangChainHttpClient implements HttpClient {

    /** Error bodies are small; more is not worth reading. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final java.net.http.HttpClient client;
    private final Duration readTimeout;

    private LangChainHttpClient(Duration connectTimeout, Duration readTimeout) {
        this.client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout)
                .build();
        this.readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new StatusException(
                    response.statusCode(),
                    response.body(),
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        }
        return SuccessfulHttpResponse.builder()
                .statusCode(response.statusCode())
                .headers(response.headers().map())
                .body(response.body())
                .build();
    }

    /**
     * Streams on the calling thread: returns once the stream is over, after {@code listener} got
     * every event and then {@code onClose}, or {@code onError} (an error answer as a
     * {@link StatusException}, a broken or timed-out exchange as its I/O error; the parser reports a
     * read error itself). An interrupt of the calling thread ends a stream that waits for its next
     * line.
     */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        HttpResponse<InputStream> response;
        try {
            response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (RuntimeException e) {
            listener.onError(e);
            return;
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                listener.onError(new StatusException(
                        response.statusCode(),
                        new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8),
                        retryAfter(response.headers().firstValue("Retry-After").orElse(null))));
                return;
            }
            listener.onOpen(SuccessfulHttpResponse.builder()
                    .statusCode(response.statusCode())
                    .headers(response.headers().map())
                    .build());
            parser.parse(body, listener);
        } catch (IOException e) {
            listener.onError(e);
            return;
        }
        listener.onClose();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(readTimeout)
                .method(
                        request.method().name(),
                        request.body() == null
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach((name, values) -> {
            if (!"content-length".equalsIgnoreCase(name) && !"host".equalsIgnoreCase(name)) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        try {
            return client.send(builder.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderException.TIMEOUT, true, "call interrupted");
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date; {@code null} when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(
                        ZonedDateTime.now(), ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    /** An error answer, with the wait the backend asked for. */
    static final class StatusException extends HttpException {

        private final transient Duration retryAfter;

        StatusException(int status, String body, Duration retryAfter) {
            super(status, body);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Builds the client with the timeouts the model asks for. */
    static final class Builder implements HttpClientBuilder {

        private Duration connectTimeout;
        private Duration readTimeout;

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            return new LangChainHttpClient(connectTimeout, readTimeout);
        }
    }
}
