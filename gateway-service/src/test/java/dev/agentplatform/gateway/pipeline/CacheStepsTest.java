package dev.agentplatform.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.Strategy;
import dev.agentplatform.common.TaskResult;
import dev.agentplatform.gateway.cache.CacheMetrics;
import dev.agentplatform.gateway.cache.CachedAnswer;
import dev.agentplatform.gateway.cache.ExactCache;
import dev.agentplatform.gateway.semantic.PromptEmbedder;
import dev.agentplatform.gateway.semantic.SemanticCache;
import dev.agentplatform.gateway.semantic.SemanticHit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

/** The exact cache, embed, semantic cache and store steps, each alone with its collaborators mocked. */
class CacheStepsTest {

    private final ExactCache exactCache = mock(ExactCache.class);
    private final SemanticCache semanticCache = mock(SemanticCache.class);
    private final PromptEmbedder embedder = mock(PromptEmbedder.class);
    private final CacheMetrics metrics = mock(CacheMetrics.class);
    private final Exchanges.Chain chain = Exchanges.answering();
    private final CachedAnswer stored = new CachedAnswer(
            "application/json", "sql", "SINGLE", "{\"cached\": true}".getBytes(StandardCharsets.UTF_8));

    private ChatExchange mapped(ChatExchange exchange) {
        new TaskMappingStep().apply(exchange, e -> Mono.empty()).block();
        return exchange;
    }

    private void exactCacheOn() {
        when(exactCache.enabled()).thenReturn(true);
        when(exactCache.scope("dev", "auto")).thenReturn("user:dev");
        when(exactCache.key(eq("user:dev"), any())).thenReturn("exact:k1");
    }

    @Test
    void anExactHitAnswersWithoutTheRestOfTheChain() {
        exactCacheOn();
        when(exactCache.get("exact:k1")).thenReturn(Mono.just(Optional.of(stored)));
        ChatExchange exchange = mapped(Exchanges.asking("hi"));

        ChatReply reply =
                new ExactCacheStep(exactCache, metrics).apply(exchange, chain).block();

        assertThat(reply).isEqualTo(new ChatReply.Replayed(stored));
        assertThat(chain.calls).hasValue(0);
        assertThat(exchange.cacheKey()).isEqualTo("exact:k1");
        verify(metrics).record(CacheMetrics.Type.EXACT, CacheMetrics.Outcome.HIT);
    }

    @Test
    void anExactMissGoesOnAndNoCacheSkipsTheLookup() {
        exactCacheOn();
        when(exactCache.get("exact:k1")).thenReturn(Mono.just(Optional.empty()));
        new ExactCacheStep(exactCache, metrics)
                .apply(mapped(Exchanges.asking("hi")), chain)
                .block();
        verify(metrics).record(CacheMetrics.Type.EXACT, CacheMetrics.Outcome.MISS);

        ChatExchange noCache = mapped(Exchanges.of(
                "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", null, "no-cache"));
        new ExactCacheStep(exactCache, metrics).apply(noCache, chain).block();
        verify(metrics).record(CacheMetrics.Type.EXACT, CacheMetrics.Outcome.BYPASS);
        verify(exactCache).get(anyString());
        assertThat(chain.calls).hasValue(2);
    }

    @Test
    void theEmbeddingIsKeptAndAFailedOneIsNoError() {
        float[] vector = {0.1f, 0.2f};
        when(embedder.embed("hi")).thenReturn(Mono.just(vector));
        ChatExchange exchange = mapped(Exchanges.asking("hi"));
        new EmbedStep(embedder).apply(exchange, chain).block();
        assertThat(exchange.embedding()).contains(vector);

        when(embedder.embed("ho")).thenReturn(Mono.error(new IllegalStateException("model not loaded")));
        ChatExchange failed = mapped(Exchanges.asking("ho"));
        new EmbedStep(embedder).apply(failed, chain).block();
        assertThat(failed.embedding()).isEmpty();
        assertThat(chain.calls).hasValue(2);
    }

    @Test
    void aSemanticHitAnswersWithItsSimilarityAndAnUnreadableOneIsAMiss() {
        ChatExchange exchange = embedded(Exchanges.asking("What is the capital of France?"));
        exchange.exactCache("user:dev", null);
        when(semanticCache.lookup(eq("user:dev"), eq("auto"), eq("What is the capital of France?"), any()))
                .thenReturn(Mono.just(Optional.of(new SemanticHit(
                        Exchanges.JSON.writeValueAsBytes(Exchanges.RESULT), 0.9612, "capital of France?"))));

        ChatReply reply = step().apply(exchange, chain).block();

        assertThat(reply).isEqualTo(new ChatReply.Answered(Exchanges.RESULT, ChatReply.HIT_SEMANTIC, "0.961"));
        assertThat(chain.calls).hasValue(0);

        ChatExchange unreadable = embedded(Exchanges.asking("What is the capital of Spain?"));
        unreadable.exactCache("user:dev", null);
        when(semanticCache.lookup(eq("user:dev"), eq("auto"), eq("What is the capital of Spain?"), any()))
                .thenReturn(Mono.just(Optional.of(new SemanticHit(new byte[] {1, 2}, 0.99, "x"))));
        assertThat(step().apply(unreadable, chain).block()).isInstanceOf(ChatReply.Answered.class);
        assertThat(chain.calls).hasValue(1);
        verify(metrics).record(CacheMetrics.Type.SEMANTIC, CacheMetrics.Outcome.MISS);
    }

    @Test
    void aMultiTurnRequestBypassesTheSemanticCache() {
        ChatExchange exchange = embedded(Exchanges.of("{\"model\": \"auto\", \"messages\": ["
                + "{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": \"b\"},"
                + "{\"role\": \"user\", \"content\": \"c\"}]}"));

        expectBypassed(exchange);
    }

    /** The semantic step on {@code exchange}: no lookup, the request marked as not semantic, counted as a bypass. */
    private void expectBypassed(ChatExchange exchange) {
        exchange.exactCache("user:dev", null);

        step().apply(exchange, chain).block();

        assertThat(exchange.semantic()).isFalse();
        verify(semanticCache, never()).lookup(anyString(), anyString(), anyString(), any());
        verify(metrics).record(CacheMetrics.Type.SEMANTIC, CacheMetrics.Outcome.BYPASS);
    }

    @Test
    void theStoreStepFillsBothCachesOnceTheAnswerIsWholeUnlessNoStore() {
        when(exactCache.put(eq("exact:k1"), any())).thenReturn(Mono.empty());
        when(semanticCache.store(anyString(), anyString(), anyString(), any(), any()))
                .thenReturn(Mono.empty());
        ChatExchange exchange = embedded(Exchanges.asking("hi"));
        exchange.exactCache("user:dev", "exact:k1");
        exchange.semanticCache(true, "user:dev");
        byte[] body = "{\"answer\": 1}".getBytes(StandardCharsets.UTF_8);

        new StoreStep(exactCache, semanticCache, Exchanges.JSON)
                .apply(exchange, chain)
                .block();
        verify(exactCache, never()).put(anyString(), any());
        exchange.finished(new ChatExchange.Finished(Exchanges.RESULT, "application/json", body))
                .block();

        verify(exactCache).put("exact:k1", new CachedAnswer("application/json", "sql", "SINGLE", body));
        verify(semanticCache).store(eq("user:dev"), eq("auto"), eq("hi"), any(), any());

        ChatExchange noStore = mapped(Exchanges.of(
                "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", null, "no-store"));
        noStore.exactCache("user:dev", "exact:k2");
        new StoreStep(exactCache, semanticCache, Exchanges.JSON)
                .apply(noStore, chain)
                .block();
        noStore.finished(new ChatExchange.Finished(Exchanges.RESULT, "application/json", body))
                .block();
        verify(exactCache, never()).put(eq("exact:k2"), any());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\"}}]",
                "\"response_format\": {\"type\": \"json_object\"}",
                "\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"s\"}}"
            })
    void requestsWithToolsOrAJsonFormatBypassTheSemanticCache(String member) {
        ChatExchange exchange = embedded(Exchanges.of("{\"model\": \"auto\", " + member
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"Weather in Paris?\"}]}"));

        expectBypassed(exchange);
    }

    @Test
    void aToolFollowUpBypassesTheSemanticCache() {
        ChatExchange exchange = embedded(Exchanges.of("{\"model\": \"auto\", \"messages\": ["
                + "{\"role\": \"user\", \"content\": \"Weather in Paris?\"},"
                + "{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"c1\","
                + " \"type\": \"function\", \"function\": {\"name\": \"w\", \"arguments\": \"{}\"}}]},"
                + "{\"role\": \"tool\", \"tool_call_id\": \"c1\", \"content\": \"18 C\"}]}"));

        expectBypassed(exchange);
    }

    @Test
    void aTextFormatAndSamplingParametersKeepTheSemanticCacheButNarrowItsScope() {
        ChatExchange plain = embedded(Exchanges.asking("What is the capital of France?"));
        plain.exactCache("user:dev", null);
        ChatExchange sampled = embedded(Exchanges.of("{\"model\": \"auto\", \"seed\": 7, \"stop\": \"\\n\","
                + " \"response_format\": {\"type\": \"text\"},"
                + " \"messages\": [{\"role\": \"user\", \"content\": \"What is the capital of France?\"}]}"));
        sampled.exactCache("user:dev", null);
        when(semanticCache.lookup(anyString(), anyString(), anyString(), any()))
                .thenReturn(Mono.just(Optional.empty()));

        step().apply(plain, chain).block();
        step().apply(sampled, chain).block();

        assertThat(plain.semantic()).isTrue();
        assertThat(sampled.semantic()).isTrue();
        assertThat(plain.semanticScope()).isEqualTo("user:dev");
        assertThat(sampled.semanticScope()).startsWith("user:dev#").isNotEqualTo(plain.semanticScope());
    }

    @Test
    void anAnswerCallingTheClientsToolsIsNeverStored() {
        ChatExchange exchange = embedded(Exchanges.asking("hi"));
        exchange.exactCache("user:dev", "exact:k1");
        exchange.semanticCache(true, "user:dev");
        TaskResult callsTools = new TaskResult(
                "t-9",
                "sql",
                "data",
                Strategy.SINGLE,
                "",
                "simulated",
                "simulated-cheap",
                true,
                null,
                null,
                1,
                List.of(),
                null,
                "tool_calls",
                List.of(new ChatMessage.ToolCall("c1", "get_weather", "{}")),
                null,
                null);

        new StoreStep(exactCache, semanticCache, Exchanges.JSON)
                .apply(exchange, chain)
                .block();
        exchange.finished(new ChatExchange.Finished(callsTools, "application/json", new byte[] {1}))
                .block();

        verify(exactCache, never()).put(anyString(), any());
        verify(semanticCache, never()).store(anyString(), anyString(), anyString(), any(), any());
    }

    @Test
    void theStoredAnswerNamesEveryContributor() {
        when(exactCache.put(eq("exact:k1"), any())).thenReturn(Mono.empty());
        ChatExchange exchange = mapped(Exchanges.asking("hi"));
        exchange.exactCache("user:dev", "exact:k1");
        TaskResult cascade = new TaskResult(
                "t-8",
                "python",
                "code",
                Strategy.CASCADE,
                "done",
                "simulated",
                "simulated-quality",
                true,
                null,
                null,
                1,
                List.of(),
                null,
                "stop",
                null,
                List.of(
                        new TaskResult.Step("sql", "simulated", "simulated-cheap", 1, null, null),
                        new TaskResult.Step("python", "simulated", "simulated-quality", 1, null, null)),
                null);
        byte[] body = {1};

        new StoreStep(exactCache, semanticCache, Exchanges.JSON)
                .apply(exchange, chain)
                .block();
        exchange.finished(new ChatExchange.Finished(cascade, "application/json", body))
                .block();

        verify(exactCache).put("exact:k1", new CachedAnswer("application/json", "sql,python", "CASCADE", body));
    }

    private SemanticCacheStep step() {
        return new SemanticCacheStep(semanticCache, metrics, Exchanges.JSON);
    }

    private ChatExchange embedded(ChatExchange exchange) {
        mapped(exchange);
        exchange.embedding(Optional.of(new float[] {0.5f}));
        return exchange;
    }
}
