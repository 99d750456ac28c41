package dev.agentplatform.support.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.common.Streams;
import dev.agentplatform.support.tracing.RecordingTracer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamTracingTest {

    private static final String TRACE_A = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACE_B = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACE_C = "5b8aa5a2d2c872e8321cf37308d69df2";
    private static final String SPAN_A = "b7ad6b7169203331";
    private static final String SPAN_B = "00f067aa0ba902b7";
    private static final String SPAN_C = "53995c3f42cd8ad8";

    private final RecordingTracer recording = new RecordingTracer();

    @AfterEach
    void close() {
        recording.close();
    }

    @Test
    void theProducerPutsTheCurrentSpansTraceparentInItsEntry() {
        Tracer tracer = recording.tracer();
        assertThat(StreamTracing.traceparent(tracer, recording.propagator())).isEmpty();
        assertThat(StreamTracing.traceparent(null, null)).isEmpty();

        Span span = tracer.nextSpan().name("request").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            assertThat(StreamTracing.traceparent(tracer, recording.propagator()))
                    .isEqualTo("00-" + span.context().traceId() + "-"
                            + span.context().spanId() + "-01");
        } finally {
            span.end();
        }
    }

    @Test
    void theConsumerSpanOfOneEntryIsAChildOfItsProducer() throws Exception {
        String[] inside = new String[1];
        StreamTracing.inConsumerSpan(
                recording.tracer(),
                recording.propagator(),
                "platform.usage",
                entry("1-0", TRACE_A, SPAN_A, true),
                "platform.usage process",
                Map.of("messaging.consumer.group.name", "cost-service"),
                () -> inside[0] = recording.tracer().currentSpan().context().traceId());

        SpanData span = only(recording.spans());
        assertThat(inside[0]).isEqualTo(TRACE_A);
        assertThat(span.getTraceId()).isEqualTo(TRACE_A);
        assertThat(span.getParentSpanId()).isEqualTo(SPAN_A);
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getName()).isEqualTo("platform.usage process");
        assertThat(span.getAttributes().asMap())
                .containsEntry(key("messaging.system"), "redis")
                .containsEntry(key("messaging.destination.name"), "platform.usage")
                .containsEntry(key("messaging.message.id"), "1-0")
                .containsEntry(key("messaging.consumer.group.name"), "cost-service");
    }

    @Test
    void aBatchContinuesTheFirstTraceLinksTheOthersAndShowsInEverySampledTrace() throws Exception {
        List<StreamEntry> batch = List.of(
                entry("1-0", TRACE_A, SPAN_A, true),
                entry("2-0", TRACE_B, SPAN_B, true),
                entry("3-0", TRACE_C, SPAN_C, false),
                entry("4-0", TRACE_A, "1111111111111111", true),
                new StreamEntry("5-0", Map.of(Streams.FIELD_PAYLOAD, "{}")),
                new StreamEntry("6-0", Map.of(Streams.FIELD_TRACEPARENT, "00-not-a-trace-01")));

        StreamTracing.inBatchSpan(
                recording.tracer(),
                recording.propagator(),
                "platform.outcomes",
                batch,
                "platform.outcomes process",
                Map.of(),
                () -> {});

        List<SpanData> spans = recording.spans();
        assertThat(spans).hasSize(2);
        SpanData main = spans.stream()
                .filter(s -> s.getTraceId().equals(TRACE_A))
                .findFirst()
                .orElseThrow();
        assertThat(main.getParentSpanId()).isEqualTo(SPAN_A);
        assertThat(main.getLinks())
                .extracting(link -> link.getSpanContext().getTraceId())
                .containsExactlyInAnyOrder(TRACE_B, TRACE_C);
        // trace B was sampled: it gets a consumer span of its own, linked to the batch's
        SpanData joined = spans.stream()
                .filter(s -> s.getTraceId().equals(TRACE_B))
                .findFirst()
                .orElseThrow();
        assertThat(joined.getParentSpanId()).isEqualTo(SPAN_B);
        assertThat(joined.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(joined.getAttributes().asMap()).containsEntry(key("messaging.message.id"), "2-0");
        assertThat(joined.getLinks())
                .extracting(LinkData::getSpanContext)
                .extracting(c -> c.getSpanId())
                .containsExactly(main.getSpanId());
        // trace C was not sampled: no span recorded there
        assertThat(spans).noneMatch(s -> s.getTraceId().equals(TRACE_C));
    }

    @Test
    void aFailureMarksTheBatchSpanAndIsRethrown() {
        IllegalStateException failure = new IllegalStateException("bad entry");

        assertThatThrownBy(() -> StreamTracing.inConsumerSpan(
                        recording.tracer(),
                        recording.propagator(),
                        "memory.ingest",
                        entry("1-0", TRACE_A, SPAN_A, true),
                        "memory.ingest process",
                        Map.of(),
                        () -> {
                            throw failure;
                        }))
                .isSameAs(failure);

        SpanData span = only(recording.spans());
        assertThat(span.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    }

    @Test
    void withoutATracerTheWorkJustRuns() throws Exception {
        boolean[] ran = new boolean[1];
        StreamTracing.inBatchSpan(
                null, null, "platform.usage", List.of(entry("1-0", TRACE_A, SPAN_A, true)), "x", Map.of(), () -> {
                    ran[0] = true;
                });
        assertThat(ran[0]).isTrue();
    }

    private static StreamEntry entry(String id, String traceId, String spanId, boolean sampled) {
        return new StreamEntry(
                id,
                Map.of(
                        Streams.FIELD_PAYLOAD,
                        "{}",
                        Streams.FIELD_TRACEPARENT,
                        "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00")));
    }

    private static SpanData only(List<SpanData> spans) {
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }

    private static io.opentelemetry.api.common.AttributeKey<String> key(String name) {
        return io.opentelemetry.api.common.AttributeKey.stringKey(name);
    }
}
