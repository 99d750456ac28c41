package dev.agentplatform.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ModelParameters;
import dev.agentplatform.orchestrator.resilience.Breakers;
import dev.agentplatform.orchestrator.resilience.GuardedProviders;
import dev.agentplatform.orchestrator.resilience.ResilienceProperties;
import dev.agentplatform.support.tracing.RecordingTracer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each model call is a client span with the OpenTelemetry GenAI conventions, in the caller's trace. */
class ProviderSpansTest {

    private final RecordingTracer recording = new RecordingTracer();
    private final ResilienceProperties resilience = ProviderRegistries.resilience(1);
    private final GuardedProviders guarded = new GuardedProviders(
            ProviderRegistries.withOpenAiKey(),
            new Breakers(resilience, new SimpleMeterRegistry()),
            resilience,
            new ProviderSpans(recording.tracer()));

    @AfterEach
    void close() {
        recording.close();
    }

    @Test
    void aModelCallIsAChatSpanWithModelsParametersAndTokens() {
        ModelParameters parameters = new ModelParameters(0.4, 0.9, 120, null, null, null, null, null, null, null, null);
        LlmRequest request = new LlmRequest(
                "t1", "python", List.of(new ChatMessage("user", "reverse a string")), List.of(), List.of(), parameters);

        Tracer tracer = recording.tracer();
        Span outer = tracer.nextSpan().name("request").start();
        LlmCompletion completion;
        try (Tracer.SpanInScope scope = tracer.withSpan(outer)) {
            completion = guarded.complete(List.of("simulated"), request, deadline());
        } finally {
            outer.end();
        }

        SpanData call = chatSpan();
        assertThat(call.getName()).isEqualTo("chat simulated-1");
        assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(call.getTraceId()).isEqualTo(outer.context().traceId());
        assertThat(call.getParentSpanId()).isEqualTo(outer.context().spanId());
        var attributes = call.getAttributes();
        assertThat(attributes.get(AttributeKey.stringKey("gen_ai.operation.name")))
                .isEqualTo("chat");
        assertThat(attributes.get(AttributeKey.stringKey("gen_ai.provider.name")))
                .isEqualTo("simulated");
        assertThat(attributes.get(AttributeKey.stringKey("gen_ai.system"))).isEqualTo("simulated");
        assertThat(attributes.get(AttributeKey.stringKey("gen_ai.request.model")))
                .isEqualTo("simulated-1");
        assertThat(attributes.get(AttributeKey.stringKey("gen_ai.response.model")))
                .isEqualTo(completion.model());
        assertThat(attributes.get(AttributeKey.longKey("gen_ai.request.max_tokens")))
                .isEqualTo(120L);
        assertThat(attributes.get(AttributeKey.doubleKey("gen_ai.request.temperature")))
                .isEqualTo(0.4);
        assertThat(attributes.get(AttributeKey.doubleKey("gen_ai.request.top_p")))
                .isEqualTo(0.9);
        assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
                .isEqualTo((long) completion.usage().promptTokens())
                .isPositive();
        assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
                .isEqualTo((long) completion.usage().completionTokens())
                .isPositive();
        assertThat(attributes.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
                .containsExactly("stop");
        // never the text of the call
        assertThat(attributes.asMap().values()).noneMatch(v -> String.valueOf(v).contains("reverse a string"));
    }

    @Test
    void parametersTheClientDidNotSetAreLeftOut() {
        guarded.complete(
                List.of("simulated"),
                new LlmRequest("t2", "python", List.of(new ChatMessage("user", "hello"))),
                deadline());

        var attributes = chatSpan().getAttributes();
        assertThat(attributes.get(AttributeKey.longKey("gen_ai.request.max_tokens")))
                .isNull();
        assertThat(attributes.get(AttributeKey.doubleKey("gen_ai.request.temperature")))
                .isNull();
    }

    @Test
    void aFailedCallIsAnErrorSpanWithItsErrorType() {
        // openai-mini's endpoint is a closed port
        assertThatThrownBy(() -> guarded.complete(
                        List.of("openai-mini"),
                        new LlmRequest("t3", "python", List.of(new ChatMessage("user", "hello"))),
                        deadline()))
                .isInstanceOf(ProviderException.class);

        SpanData call = chatSpan();
        assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name")))
                .isEqualTo("openai");
        assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")))
                .isEqualTo("gpt-4o-mini");
        assertThat(call.getAttributes().get(AttributeKey.stringKey("error.type")))
                .isNotBlank();
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    private SpanData chatSpan() {
        List<SpanData> calls = recording.spans().stream()
                .filter(s -> "chat".equals(s.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))))
                .toList();
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    private static long deadline() {
        return System.nanoTime() + Duration.ofSeconds(10).toNanos();
    }
}
