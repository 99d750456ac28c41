package dev.agentplatform.gateway.path;

import dev.agentplatform.gateway.config.ProblemResponses;
import dev.agentplatform.support.PlatformException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Puts the request path into its canonical form ({@link RequestPaths#normalize}) before anything
 * reads it, or answers 400. A path that changed is written back onto the request, so
 * authentication, the rate limits, the gateway's controllers, the routes and the services behind
 * all see exactly the path that was authorised.
 */
@Component
class PathNormalizationFilter implements WebFilter, Ordered {

    /**
     * After the request id (HIGHEST_PRECEDENCE + 10), so a refusal carries it, and before
     * authentication (+ 20) and everything else that decides on the path.
     */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 15;

    private final ProblemResponses problems;

    PathNormalizationFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        URI uri = request.getURI();
        String raw = uri.getRawPath();
        String path;
        try {
            if (uri.getRawFragment() != null) {
                // a request target has no fragment (RFC 9112 3.2); one that does was hand-made
                throw RequestPaths.invalid("The request target has a fragment ('#')");
            }
            path = RequestPaths.normalize(raw == null ? "" : raw);
        } catch (PlatformException e) {
            return problems.write(exchange, e);
        }
        if (path.equals(raw)) {
            return chain.filter(exchange);
        }
        return chain.filter(
                exchange.mutate().request(request.mutate().path(path).build()).build());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
