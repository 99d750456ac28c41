package dev.agentplatform.support.stream;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;

/** Continues a producer's trace (the entry's {@code traceparent} field) while an entry is handled. */
public final class StreamTracing {

    private StreamTracing() {}

    /** Work done inside the span. */
    @FunctionalInterface
    public interface Work<E extends Exception> {
        void run() throws E;
    }

    /**
     * Runs {@code work} in a consumer span named {@code name}, child of the trace in {@code
     * entry}'s fields; without a tracer or propagator, just runs it.
     */
    public static <E extends Exception> void inConsumerSpan(
            Tracer tracer,
            Propagator propagator,
            String stream,
            StreamEntry entry,
            String name,
            Map<String, String> tags,
            Work<E> work)
            throws E {
        if (tracer == null || propagator == null) {
            work.run();
            return;
        }
        Span.Builder builder = propagator
                .extract(entry.fields(), Map::get)
                .name(name)
                .kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "redis")
                .tag("messaging.destination.name", stream)
                .tag("messaging.message.id", entry.id());
        tags.forEach(builder::tag);
        Span span = builder.start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            work.run();
        } catch (Exception e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
