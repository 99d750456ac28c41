package dev.agentplatform.gateway.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerHttpObservationDocumentation;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The {@code http.server.requests} observation (timer and server span) of a chat completion, started
 * after the exact-hit fast path instead of before the first filter. An exact hit is answered in a
 * fraction of a millisecond of CPU, and the observation with its span, propagation and timer cost as
 * much again; hits are counted by {@code gateway_cache_requests_total} and timed by
 * {@code gateway_overhead_seconds} instead. Every other request, and a chat completion that goes on
 * past the fast path, is observed as before: the span continues the caller's trace, is the parent of
 * the router call, and ends with the response status once the response is committed.
 */
@Configuration(proxyBeanMethods = false)
class ChatObservationFilter implements WebFilter, Ordered {

    /** After the exact-hit fast path (HIGHEST_PRECEDENCE + 22), before the rate limits (+ 25). */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 23;

    private static final String OBSERVED = ChatObservationFilter.class.getName() + ".observed";
    private static final DefaultServerRequestObservationConvention CONVENTION =
            new DefaultServerRequestObservationConvention();

    private final ObservationRegistry registry;

    ChatObservationFilter(ObservationRegistry registry) {
        this.registry = registry;
    }

    /** The observation of every request starts as usual, except a chat completion's: it starts here. */
    @Bean
    static ObservationPredicate chatObservedPastTheFastPath() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server)
                || !isChat(server.getCarrier())
                || server.getAttributes().containsKey(OBSERVED);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!isChat(exchange.getRequest()) || registry.isNoop()) {
            return chain.filter(exchange);
        }
        exchange.getAttributes().put(OBSERVED, Boolean.TRUE);
        ServerRequestObservationContext context = new ServerRequestObservationContext(
                exchange.getRequest(), exchange.getResponse(), exchange.getAttributes());
        // where the handler mapping leaves the matched path pattern
        exchange.getAttributes().put(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
        Observation observation = ServerHttpObservationDocumentation.HTTP_REACTIVE_SERVER_REQUESTS
                .observation(null, CONVENTION, () -> context, registry)
                .start();
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                observation.stop();
            }
        };
        // stopped once the status is known: at commit, also when an error handler writes the answer
        exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(stop));
        return chain.filter(exchange)
                .doOnError(observation::error)
                .doOnCancel(() -> {
                    context.setConnectionAborted(true);
                    stop.run();
                })
                .contextWrite(reactor -> reactor.put(ObservationThreadLocalAccessor.KEY, observation));
    }

    private static boolean isChat(ServerHttpRequest request) {
        return HttpMethod.POST.equals(request.getMethod())
                && OverheadFilter.CHAT.equals(
                        request.getPath().pathWithinApplication().value());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
