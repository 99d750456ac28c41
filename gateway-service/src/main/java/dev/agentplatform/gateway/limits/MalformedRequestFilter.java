package dev.agentplatform.gateway.limits;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.gateway.config.ProblemResponses;
import dev.agentplatform.support.RequestShapes;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The gateway's side of the services' {@code MalformedRequestFilter}, with
 * the same rules: a method no API has is a 405 problem, a {@code Content-Type} that names no
 * concrete media type a 415 problem (Spring fails with an exception reading it, and the body
 * rewrite of the task routes would pass it on). Before the key is checked: the refusal says
 * nothing about the caller.
 */
@Component
class MalformedRequestFilter implements WebFilter, Ordered {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 12;

    private final ProblemResponses problems;

    MalformedRequestFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!RequestShapes.KNOWN_METHODS.contains(
                exchange.getRequest().getMethod().name())) {
            exchange.getResponse().getHeaders().set(HttpHeaders.ALLOW, RequestShapes.ALLOW);
            return problems.write(
                    exchange,
                    HttpStatus.METHOD_NOT_ALLOWED,
                    ProblemTypes.UNSUPPORTED,
                    "Method Not Allowed",
                    RequestShapes.METHOD_NOT_ALLOWED);
        }
        String contentType = exchange.getRequest().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !RequestShapes.isConcrete(contentType)) {
            return problems.write(
                    exchange,
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    ProblemTypes.UNSUPPORTED,
                    "Unsupported Media Type",
                    RequestShapes.UNSUPPORTED_MEDIA_TYPE);
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
