package dev.agentplatform.gateway.downstream;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Names the failures of proxied routes: a service that cannot be reached is a 503 with
 * {@code Retry-After}, one that does not answer in time a 504. Left alone, they would reach the
 * problem advice as unexpected exceptions and come out as a 500.
 */
@Component
class ProxyErrorsFilter implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ProxyErrorsFilter.class);

    private final RoutesProperties routes;

    ProxyErrorsFilter(RoutesProperties routes) {
        this.routes = routes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange)
                .onErrorMap(ProxyErrorsFilter::isUnreachable, e -> {
                    log.warn(
                            "proxied route unreachable for {}: {}",
                            exchange.getRequest().getPath(),
                            e.toString());
                    return new PlatformException(
                                    HttpStatus.SERVICE_UNAVAILABLE,
                                    ProblemTypes.UNAVAILABLE,
                                    "Service unavailable",
                                    "A platform service cannot be reached; try again shortly")
                            .header(
                                    HttpHeaders.RETRY_AFTER,
                                    String.valueOf(routes.retryAfter().toSeconds()));
                })
                .onErrorMap(
                        ProxyErrorsFilter::isTimeout,
                        e -> new PlatformException(
                                HttpStatus.GATEWAY_TIMEOUT,
                                ProblemTypes.DEADLINE_EXCEEDED,
                                "Deadline exceeded",
                                "A platform service did not answer in time"));
    }

    @Override
    public int getOrder() {
        // outermost, so it sees the errors of every other route filter
        return Ordered.HIGHEST_PRECEDENCE;
    }

    static boolean isUnreachable(Throwable error) {
        return causedBy(error, ConnectException.class)
                || causedBy(error, UnknownHostException.class)
                || causedBy(error, io.netty.channel.ConnectTimeoutException.class);
    }

    static boolean isTimeout(Throwable error) {
        return causedBy(error, TimeoutException.class)
                || causedBy(error, io.netty.handler.timeout.TimeoutException.class);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
