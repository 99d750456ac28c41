package dev.agentplatform.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.agentplatform.common.MessageVerdict;
import dev.agentplatform.gateway.cache.CachedAnswer;
import dev.agentplatform.gateway.downstream.DownstreamProblem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class RenderStepTest {

    private final RenderStep step =
            new RenderStep(Exchanges.JSON, Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));

    @Test
    void aFreshAnswerIsHandedToTheFinishCallbacksBeforeItIsSentInTheOpenAiShape() {
        ChatExchange exchange = Exchanges.asking("hi");
        List<String> finished = new ArrayList<>();
        exchange.onFinished(
                done -> Mono.fromRunnable(() -> finished.add(new String(done.body(), StandardCharsets.UTF_8))));

        ChatReply reply = step.apply(exchange, Exchanges.answering()).block();

        HttpHeaders headers = ((ChatReply.Rendered) reply).response().getHeaders();
        assertThat(headers.getFirst("X-Agent")).isEqualTo("sql");
        assertThat(headers.getFirst("X-Strategy")).isEqualTo("SINGLE");
        assertThat(headers.getFirst("X-Cache")).isEqualTo("MISS");
        assertThat(headers.getFirst("X-Cost-USD")).isEqualTo("0.000123");
        assertThat(headers.getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        String body = Exchanges.body(reply);
        assertThat(body).contains("\"object\":\"chat.completion\"").contains("SELECT 1;");
        assertThat(finished).containsExactly(body);
    }

    @Test
    void anExactHitGoesOutAsStoredAndASemanticHitCostsNothing() {
        ChatExchange exchange = Exchanges.asking("hi");
        List<String> finished = new ArrayList<>();
        exchange.onFinished(done -> Mono.fromRunnable(() -> finished.add("called")));
        CachedAnswer stored = new CachedAnswer("application/json", "sql", "SINGLE", "{\"x\":1}".getBytes());

        ChatReply exact = step.apply(exchange, new Exchanges.Chain(new ChatReply.Replayed(stored)))
                .block();
        assertThat(Exchanges.body(exact)).isEqualTo("{\"x\":1}");
        assertThat(((ChatReply.Rendered) exact).response().getHeaders().getFirst("X-Cache"))
                .isEqualTo("HIT-EXACT");

        ChatReply semantic = step.apply(
                        exchange,
                        new Exchanges.Chain(new ChatReply.Answered(Exchanges.RESULT, ChatReply.HIT_SEMANTIC, "0.951")))
                .block();
        HttpHeaders headers = ((ChatReply.Rendered) semantic).response().getHeaders();
        assertThat(headers.getFirst("X-Cache")).isEqualTo("HIT-SEMANTIC");
        assertThat(headers.getFirst("X-Cache-Similarity")).isEqualTo("0.951");
        assertThat(headers.getFirst("X-Cost-USD")).isEqualTo("0");
        assertThat(finished).isEmpty();
    }

    @Test
    void aFlaggedRequestsAnswerSaysSo() {
        ChatExchange exchange = Exchanges.asking("hi");
        exchange.guarded(List.of(new MessageVerdict(0, "user", MessageVerdict.Action.FLAG, 1.0, "pattern x")), true);

        ChatReply reply = step.apply(exchange, Exchanges.answering()).block();

        assertThat(((ChatReply.Rendered) reply).response().getHeaders().getFirst("X-Guard"))
                .isEqualTo("flagged");
    }

    @Test
    void aDownstreamProblemIsRelayedAsItCame() {
        DownstreamProblem problem = mock(DownstreamProblem.class);
        when(problem.toResponse())
                .thenReturn(ResponseEntity.status(402)
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body("{\"status\":402}".getBytes()));

        ChatReply reply = step.apply(Exchanges.asking("hi"), exchange -> Mono.error(problem))
                .block();

        assertThat(((ChatReply.Rendered) reply).response().getStatusCode().value())
                .isEqualTo(402);
        assertThat(Exchanges.body(reply)).isEqualTo("{\"status\":402}");
    }

    @Test
    void aStreamGoesOutPieceByPieceAndIsFinishedBeforeDone() {
        ChatExchange exchange = Exchanges.streaming("hi");
        List<String> finished = new ArrayList<>();
        exchange.onFinished(
                done -> Mono.fromRunnable(() -> finished.add(new String(done.body(), StandardCharsets.UTF_8))));
        Flux<ServerSentEvent<String>> events = Flux.just(
                event("delta", "{\"content\":\"SELECT\",\"agent\":\"sql\"}"),
                event("delta", "{\"content\":\" 1;\"}"),
                event("result", Exchanges.JSON.writeValueAsString(Exchanges.RESULT)));

        ChatReply reply = step.apply(exchange, new Exchanges.Chain(new ChatReply.Streaming(events, "sql", "SINGLE")))
                .block();

        String body = Exchanges.body(reply);
        assertThat(body)
                .contains("\"content\":\"SELECT\"")
                .contains("\"content\":\" 1;\"")
                .endsWith("data: [DONE]\n\n");
        assertThat(((ChatReply.Rendered) reply).response().getHeaders().getFirst("X-Agent"))
                .isEqualTo("sql");
        assertThat(finished).containsExactly(body);
    }

    @Test
    void aStreamThatBreaksOffEndsWithAnErrorChunkAndTheBrokenOffCallbacks() {
        ChatExchange exchange = Exchanges.streaming("hi");
        List<String> calls = new ArrayList<>();
        exchange.onFinished(done -> Mono.fromRunnable(() -> calls.add("finished")));
        exchange.onBrokenOff(() -> Mono.fromRunnable(() -> calls.add("broken off")));
        Flux<ServerSentEvent<String>> events = Flux.concat(
                Flux.just(event("delta", "{\"content\":\"SELECT\"}")),
                Flux.error(new IllegalStateException("connection reset")));

        ChatReply reply = step.apply(exchange, new Exchanges.Chain(new ChatReply.Streaming(events, null, null)))
                .block();

        String body = Exchanges.body(reply);
        assertThat(body).contains("\"error\"").doesNotContain("[DONE]");
        assertThat(calls).containsExactly("broken off");
    }

    private static ServerSentEvent<String> event(String name, String data) {
        return ServerSentEvent.builder(data).event(name).build();
    }
}
