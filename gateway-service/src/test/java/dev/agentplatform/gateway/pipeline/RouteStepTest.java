package dev.agentplatform.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.agentplatform.gateway.downstream.RouterClient;
import dev.agentplatform.gateway.ratelimit.TokenLimiter;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class RouteStepTest {

    private final RouterClient router = mock(RouterClient.class);
    private final TokenLimiter tokens = mock(TokenLimiter.class);
    private final TokenLimiter.Reservation reservation =
            new TokenLimiter.Reservation("tokens:k", "r-1", 300, 1000, 700, 60_000);
    private final RouteStep step = new RouteStep(router, tokens, Exchanges.JSON);

    @BeforeEach
    void reserve() {
        when(tokens.estimate(anyLong(), any())).thenReturn(300L);
        when(tokens.reserve(any(), eq(300L))).thenReturn(Mono.just(reservation));
        when(tokens.settle(eq(reservation), anyLong())).thenReturn(Mono.just(668L));
        when(tokens.release(reservation)).thenReturn(Mono.empty());
    }

    private ChatExchange mapped(ChatExchange exchange) {
        new TaskMappingStep().apply(exchange, e -> Mono.empty()).block();
        exchange.embedding(Optional.empty());
        return exchange;
    }

    @Test
    void theRoutersAnswerIsAFreshAnswerAndItsUsageSettlesTheTokensOnceFinished() {
        ChatExchange exchange = mapped(Exchanges.asking("hi"));
        when(router.submitTask(
                        eq(exchange.task()),
                        eq(Exchanges.CALLER),
                        any(),
                        eq(new RouterClient.Handling(null, null, false))))
                .thenReturn(Mono.just(Exchanges.RESULT));

        ChatReply reply = step.apply(exchange, e -> Mono.error(new AssertionError("route is the last step")))
                .block();

        assertThat(reply).isEqualTo(new ChatReply.Answered(Exchanges.RESULT, ChatReply.MISS, null));
        verify(tokens, never()).settle(any(), anyLong());
        exchange.finished(new ChatExchange.Finished(Exchanges.RESULT, "application/json", new byte[0]))
                .block();
        verify(tokens).settle(reservation, 32);
        assertThat(exchange.web().getResponse().getHeaders().getFirst(TokenLimiter.REMAINING))
                .isEqualTo("668");
    }

    @Test
    void aFailedRouterCallReleasesTheReservation() {
        ChatExchange exchange = mapped(Exchanges.asking("hi"));
        when(router.submitTask(any(), any(), any(), any())).thenReturn(Mono.error(new IllegalStateException("down")));

        assertThatThrownBy(() -> step.apply(exchange, e -> Mono.empty()).block())
                .hasMessageContaining("down");
        verify(tokens).release(reservation);
    }

    @Test
    void aStreamIsHandedOnWithTheAgentOfItsFirstPieceAndAWholeOneAsAnAnswer() {
        ChatExchange exchange = mapped(Exchanges.streaming("hi"));
        when(router.streamTask(any(), any(), any(), any()))
                .thenReturn(Flux.just(
                        ServerSentEvent.builder("{\"content\":\"SEL\",\"agent\":\"sql\",\"strategy\":\"SINGLE\"}")
                                .event("delta")
                                .build(),
                        ServerSentEvent.builder("{\"content\":\"ECT\"}")
                                .event("delta")
                                .build()));

        ChatReply reply = step.apply(exchange, e -> Mono.empty()).block();

        assertThat(reply).isInstanceOfSatisfying(ChatReply.Streaming.class, streaming -> {
            assertThat(streaming.agent()).isEqualTo("sql");
            assertThat(streaming.strategy()).isEqualTo("SINGLE");
            assertThat(streaming.events().collectList().block()).hasSize(2);
        });

        ChatExchange whole = mapped(Exchanges.streaming("ho"));
        when(router.streamTask(eq(whole.task()), any(), any(), any()))
                .thenReturn(Flux.just(ServerSentEvent.builder(Exchanges.JSON.writeValueAsString(Exchanges.RESULT))
                        .event("result")
                        .build()));
        assertThat(step.apply(whole, e -> Mono.empty()).block())
                .isEqualTo(new ChatReply.Answered(Exchanges.RESULT, ChatReply.MISS, null));
    }

    @Test
    void aStreamThatBreaksOffReleasesItsReservation() {
        ChatExchange exchange = mapped(Exchanges.streaming("hi"));
        when(router.streamTask(any(), any(), any(), any()))
                .thenReturn(Flux.just(ServerSentEvent.builder("{\"content\":\"x\"}")
                        .event("delta")
                        .build()));
        step.apply(exchange, e -> Mono.empty()).block();

        exchange.brokenOff().block();

        verify(tokens).release(reservation);
    }
}
