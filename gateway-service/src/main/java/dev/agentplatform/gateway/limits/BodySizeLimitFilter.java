package dev.agentplatform.gateway.limits;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.gateway.config.ProblemResponses;
import dev.agentplatform.support.PlatformException;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses bodies over {@link LimitsProperties#maxBodySize()}: at once when {@code Content-Length}
 * says so, otherwise as soon as the streamed bytes pass the limit. The error then surfaces where the
 * body is read, and the problem advice or the gateway error handler turns it into a 413.
 */
@Component
class BodySizeLimitFilter implements WebFilter, Ordered {

    /** After authentication: an anonymous caller learns nothing about limits. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 30;

    private final long maxBytes;
    private final ProblemResponses problems;

    BodySizeLimitFilter(LimitsProperties properties, ProblemResponses problems) {
        this.maxBytes = properties.maxBodySize().toBytes();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > maxBytes) {
            return problems.write(exchange, tooLarge());
        }
        return chain.filter(
                exchange.mutate().request(new Limited(exchange.getRequest())).build());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private PlatformException tooLarge() {
        return new PlatformException(
                HttpStatus.CONTENT_TOO_LARGE,
                ProblemTypes.PAYLOAD_TOO_LARGE,
                "Payload too large",
                "The request body exceeds " + maxBytes + " bytes");
    }

    private final class Limited extends ServerHttpRequestDecorator {

        Limited(ServerHttpRequest delegate) {
            super(delegate);
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                AtomicLong seen = new AtomicLong();
                return super.getBody().map(buffer -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buffer);
                        throw tooLarge();
                    }
                    return buffer;
                });
            });
        }
    }
}
