package dev.agentplatform.gateway.downstream;

import dev.agentplatform.common.Headers;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Drops the {@code X-Request-Id} of a proxied service's answer. The gateway has already set its
 * own on the response, and the routes add the service's headers to it rather than replacing them,
 * so the answer would carry the header twice (the same id: the service echoes the one it was sent).
 */
@Component
class DownstreamRequestIdFilter implements HttpHeadersFilter {

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        if (!input.containsHeader(Headers.REQUEST_ID)) {
            return input;
        }
        HttpHeaders filtered = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!Headers.REQUEST_ID.equalsIgnoreCase(name)) {
                filtered.addAll(name, values);
            }
        });
        return filtered;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.RESPONSE;
    }
}
