package dev.agentplatform.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.agentplatform.gateway.config.ProblemResponses;
import dev.agentplatform.support.PlatformException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class AdmissionFilterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Sinks.Empty<Void>> running = new ArrayList<>();

    /** A chain whose answer is still being written until the test ends it. */
    private final WebFilterChain slowChain = exchange -> {
        Sinks.Empty<Void> done = Sinks.empty();
        running.add(done);
        return done.asMono();
    };

    @Test
    void beyondTheBoundARequestIsRefusedAtOnceAndAFinishedOneMakesRoom() {
        AdmissionFilter filter = filter(2);

        ServerWebExchange first = chat();
        ServerWebExchange second = chat();
        filter.filter(first, slowChain).subscribe();
        filter.filter(second, slowChain).subscribe();
        ServerWebExchange third = chat();
        filter.filter(third, slowChain).block();

        assertThat(running).hasSize(2);
        assertThat(third.getResponse().getStatusCode().value()).isEqualTo(503);
        assertThat(third.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                .isEqualTo("1");
        assertThat(meters.get("gateway.admission.shed").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("gateway.admission.in.flight").gauge().value()).isEqualTo(2.0);

        running.get(0).tryEmitEmpty();
        ServerWebExchange fourth = chat();
        filter.filter(fourth, slowChain).subscribe();
        assertThat(running).hasSize(3);
        assertThat(fourth.getResponse().getStatusCode()).isNull();
    }

    @Test
    void aRequestThatFailsOrIsCancelledGivesItsPlaceBack() {
        AdmissionFilter filter = filter(1);
        filter.filter(chat(), exchange -> Mono.error(new IllegalStateException("boom")))
                .onErrorComplete()
                .block();
        filter.filter(chat(), slowChain).subscribe().dispose();

        filter.filter(chat(), slowChain).subscribe();

        assertThat(running).hasSize(2);
        assertThat(meters.get("gateway.admission.shed").counter().count()).isZero();
    }

    @Test
    void aThreadWithItsInterruptFlagSetStillAdmitsAndTheFlagIsLeftAsItWas() {
        AdmissionFilter filter = filter(2);
        Thread.currentThread().interrupt();
        try {
            ServerWebExchange exchange = chat();
            filter.filter(exchange, slowChain).subscribe();

            assertThat(running).hasSize(1);
            assertThat(exchange.getResponse().getStatusCode()).isNull();
            assertThat(meters.get("gateway.admission.shed").counter().count()).isZero();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aChainThatThrowsInsteadOfFailingGivesItsPlaceBack() {
        AdmissionFilter filter = filter(1);
        filter.filter(chat(), exchange -> {
                    throw new IllegalStateException("thrown before any Mono");
                })
                .onErrorComplete()
                .block();

        filter.filter(chat(), slowChain).subscribe();

        assertThat(running).hasSize(1);
        assertThat(meters.get("gateway.admission.shed").counter().count()).isZero();
    }

    @Test
    void onlyRequestsThatRunAgentsAreCountedAndZeroIsUnbounded() {
        AdmissionFilter bounded = filter(1);
        bounded.filter(chat(), slowChain).subscribe();
        bounded.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/v1/tasks/t1")), slowChain)
                .subscribe();
        bounded.filter(MockServerWebExchange.from(MockServerHttpRequest.post("/v1/memories/search")), slowChain)
                .subscribe();
        assertThat(running).hasSize(3);

        AdmissionFilter unbounded = filter(0);
        for (int i = 0; i < 50; i++) {
            unbounded
                    .filter(MockServerWebExchange.from(MockServerHttpRequest.post("/v1/tasks")), slowChain)
                    .subscribe();
        }
        assertThat(running).hasSize(53);
    }

    @Test
    void overDegradeInFlightAnAdmittedRequestIsMarkedOverloaded() {
        AdmissionFilter filter = filter(4, 2);
        List<ServerWebExchange> admitted = admit(filter, 4);

        assertThat(admitted).map(AdmissionFilter::overloaded).containsExactly(false, false, true, true);
        assertThat(meters.get("gateway.admission.degraded").counter().count()).isEqualTo(2.0);

        running.get(0).tryEmitEmpty();
        running.get(1).tryEmitEmpty();
        running.get(2).tryEmitEmpty();
        ServerWebExchange calm = chat();
        filter.filter(calm, slowChain).subscribe();
        assertThat(AdmissionFilter.overloaded(calm)).isFalse();
    }

    @Test
    void zeroNeverMarks() {
        AdmissionFilter filter = filter(4, 0);
        List<ServerWebExchange> admitted = admit(filter, 4);
        assertThat(admitted).noneMatch(AdmissionFilter::overloaded);
    }

    /** {@code count} chat completions let into {@code filter}, each still being answered. */
    private List<ServerWebExchange> admit(AdmissionFilter filter, int count) {
        List<ServerWebExchange> admitted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ServerWebExchange exchange = chat();
            filter.filter(exchange, slowChain).subscribe();
            admitted.add(exchange);
        }
        return admitted;
    }

    private AdmissionFilter filter(int maxInFlight) {
        return filter(maxInFlight, 0);
    }

    private AdmissionFilter filter(int maxInFlight, int degradeInFlight) {
        ProblemResponses problems = mock(ProblemResponses.class);
        when(problems.write(any(), any(PlatformException.class))).thenAnswer(call -> {
            ServerWebExchange exchange = call.getArgument(0);
            PlatformException problem = call.getArgument(1);
            exchange.getResponse().setStatusCode(problem.status());
            exchange.getResponse().getHeaders().putAll(problem.headers());
            return exchange.getResponse().setComplete();
        });
        return new AdmissionFilter(
                new LimitsProperties(DataSize.ofMegabytes(1), maxInFlight, degradeInFlight), problems, meters);
    }

    private static ServerWebExchange chat() {
        return MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions"));
    }
}
