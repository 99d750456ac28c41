package dev.agentplatform.support;

import dev.agentplatform.common.Headers;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request a request id before anything else runs: the caller's when well-formed, a new
 * one otherwise. It is written back onto the request (so routes forward it) and the response, and
 * kept as an exchange attribute.
 */
public class ReactiveRequestIdFilter implements WebFilter, Ordered {

    /** Exchange attribute holding the request id. */
    public static final String ATTRIBUTE = ReactiveRequestIdFilter.class.getName() + ".requestId";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String requestId =
                RequestIds.acceptOrCreate(exchange.getRequest().getHeaders().getFirst(Headers.REQUEST_ID));
        ServerHttpRequest request = exchange.getRequest()
                .mutate()
                .headers(h -> h.set(Headers.REQUEST_ID, requestId))
                .build();
        exchange.getResponse().getHeaders().set(Headers.REQUEST_ID, requestId);
        ServerWebExchange mutated = exchange.mutate().request(request).build();
        mutated.getAttributes().put(ATTRIBUTE, requestId);
        return chain.filter(mutated);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    /** The request id of an exchange that passed this filter. */
    public static String requestId(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }
}
