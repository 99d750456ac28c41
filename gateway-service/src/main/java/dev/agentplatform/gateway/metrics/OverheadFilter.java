package dev.agentplatform.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Measures {@code gateway_overhead_seconds} for chat completions: from the first filter to the end
 * of the response, minus the time spent waiting for the router. Outermost but one, so it covers
 * authentication, rate limiting, the guard and the caches.
 */
@Component
class OverheadFilter implements WebFilter, Ordered {

    static final String CHAT = "/v1/chat/completions";

    private final Timer overhead;

    OverheadFilter(MeterRegistry meters) {
        this.overhead = Timer.builder("gateway.overhead")
                .description("Time a chat completion spends in the gateway, excluding the downstream call")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!CHAT.equals(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        long started = System.nanoTime();
        AtomicLong downstream = new AtomicLong();
        exchange.getAttributes().put(DownstreamTime.ATTRIBUTE, downstream);
        return chain.filter(exchange)
                .doFinally(signal -> overhead.record(
                        Math.max(0, System.nanoTime() - started - downstream.get()), TimeUnit.NANOSECONDS));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
