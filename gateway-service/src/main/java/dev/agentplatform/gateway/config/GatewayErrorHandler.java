package dev.agentplatform.gateway.config;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The last resort for errors the problem advice never sees because they happen outside the
 * dispatcher, in a web filter. Runs before Boot's own error handler, whose error JSON is not
 * RFC 9457.
 */
@Component
@Order(-2)
class GatewayErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

    private final ProblemResponses problems;

    GatewayErrorHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        exchange.getResponse().getHeaders().clearContentHeaders();
        if (error instanceof PlatformException platform) {
            return problems.write(exchange, platform);
        }
        if (error instanceof ResponseStatusException status) {
            exchange.getResponse().getHeaders().addAll(status.getHeaders());
            HttpStatus known = HttpStatus.resolve(status.getStatusCode().value());
            String title = known != null ? known.getReasonPhrase() : "Error";
            return problems.write(
                    exchange,
                    status.getStatusCode(),
                    Problems.typeFor(status.getStatusCode()),
                    title,
                    status.getReason() != null ? status.getReason() : title);
        }
        log.error("unhandled error for {}", exchange.getRequest().getPath(), error);
        return problems.write(
                exchange,
                HttpStatus.INTERNAL_SERVER_ERROR,
                ProblemTypes.INTERNAL,
                "Internal error",
                "An internal error occurred");
    }
}
