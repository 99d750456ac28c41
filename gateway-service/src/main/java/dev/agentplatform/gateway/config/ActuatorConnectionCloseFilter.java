package dev.agentplatform.gateway.config;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Closes the connection after every {@code /actuator} answer. Reactor Netty 1.3.6 can stop reading
 * a keep-alive connection when the next request arrives before the previous exchange has fully
 * terminated (reactor/reactor-netty#4361, fixed upstream in later 1.3.x); the health endpoint,
 * which answers from another thread, hits that window in a few percent of reused connections, and
 * a probe that hangs takes the gateway out of rotation. A fresh connection per probe costs nothing
 * that matters. Remove once Reactor Netty carries the fix.
 */
@Component
class ActuatorConnectionCloseFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (path.equals("/actuator") || path.startsWith("/actuator/")) {
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
