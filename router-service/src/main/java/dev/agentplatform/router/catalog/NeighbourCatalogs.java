package dev.agentplatform.router.catalog;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** What both catalog clients share: the HTTP client, the fetch's failure and the unknown-name problem. */
final class NeighbourCatalogs {

    private static final Logger log = LoggerFactory.getLogger(NeighbourCatalogs.class);

    private NeighbourCatalogs() {}

    /** A client of {@code baseUrl} with the service token (the builder's interceptor) and short timeouts. */
    static RestClient client(RestClient.Builder builder, URI baseUrl, Duration timeout) {
        return builder.baseUrl(baseUrl.toString())
                // the JDK's client, one per neighbour client: no connection pool shared with anything else
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                        .withHttpClientCustomizer(http -> http.version(java.net.http.HttpClient.Version.HTTP_1_1))
                        .build(HttpClientSettings.defaults().withTimeouts(timeout, timeout)))
                .build();
    }

    /**
     * {@code GET path} on {@code client} as {@code type}; a 503 problem with {@code Retry-After} when
     * the neighbour cannot be reached, fails or answers nothing: a name that cannot be checked is
     * not accepted unchecked.
     */
    static <T> T fetch(RestClient client, String path, Class<T> type, String neighbour, Duration retryAfter) {
        return fetch(client, path, spec -> spec.body(type), neighbour, retryAfter);
    }

    static <T> T fetch(
            RestClient client,
            String path,
            Function<RestClient.ResponseSpec, T> read,
            String neighbour,
            Duration retryAfter) {
        T body;
        try {
            body = read.apply(client.get().uri(path).retrieve());
        } catch (RestClientException e) {
            log.warn("could not fetch {} from {}: {}", path, neighbour, e.toString());
            throw unavailable(neighbour, retryAfter);
        }
        if (body == null) {
            throw unavailable(neighbour, retryAfter);
        }
        return body;
    }

    static PlatformException unavailable(String neighbour, Duration retryAfter) {
        return new PlatformException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemTypes.UNAVAILABLE,
                        "Service unavailable",
                        "The %s cannot be reached to check the names given; try again shortly".formatted(neighbour))
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
    }

    /** The 400 problem for a name {@code field} gives that the catalog does not hold. */
    static PlatformException unknown(String field, String value, String what, Collection<String> known, String where) {
        return new PlatformException(
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.INVALID_REQUEST,
                        "Invalid request",
                        "%s: unknown %s '%s'; %s has: %s"
                                .formatted(field, what, value, where, String.join(", ", known)))
                .property("field", field)
                .property("value", value)
                .property("known", List.copyOf(known));
    }
}
