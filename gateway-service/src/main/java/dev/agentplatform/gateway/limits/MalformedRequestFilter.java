package dev.agentplatform.gateway.limits;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.gateway.config.ProblemResponses;
import dev.agentplatform.support.RequestShapes;
import io.netty.handler.codec.http.HttpVersion;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The gateway's side of the services' {@code MalformedRequestFilter}, with
 * the same rules: a method no API has is a 405 problem, a {@code Content-Type} that names no
 * concrete media type a 415 problem (Spring fails with an exception reading it, and the body
 * rewrite of the task routes would pass it on). Before the key is checked: the refusal says
 * nothing about the caller. A request line claiming an HTTP version other than 1.0 or 1.1 is a
 * 505 problem (Netty would answer it, in that version, as if it were 1.1).
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
        if (!spokenVersion(exchange)) {
            // Netty parses any HTTP/x.y and would serve it as if it were 1.1
            return problems.write(
                    exchange,
                    HttpStatus.HTTP_VERSION_NOT_SUPPORTED,
                    ProblemTypes.UNSUPPORTED,
                    "HTTP Version Not Supported",
                    "This API speaks HTTP/1.0 and HTTP/1.1");
        }
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

    /** HTTP/1.0 or 1.1 over Netty (and whatever another server gave us, which parsed it itself). */
    private static boolean spokenVersion(ServerWebExchange exchange) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (!(nativeRequest instanceof HttpServerRequest request)) {
            return true;
        }
        HttpVersion version = request.version();
        return version.majorVersion() == 1 && (version.minorVersion() == 0 || version.minorVersion() == 1)
                || version.majorVersion() == 2;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
