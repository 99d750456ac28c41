package dev.agentplatform.support.stream;

import dev.agentplatform.common.Streams;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trace context across a Redis Stream hop: a producer puts its W3C {@code traceparent} in the
 * entry ({@link #traceparent}); a consumer continues it while the entry is handled ({@link
 * #inConsumerSpan}, {@link #inBatchSpan}).
 */
public final class StreamTracing {

    private static final String TRACEPARENT = Streams.FIELD_TRACEPARENT;

    private StreamTracing() {}

    /** Work done inside the span. */
    @FunctionalInterface
    public interface Work<E extends Exception> {
        void run() throws E;
    }

    /**
     * The current span's {@code traceparent} (sampled or not, so the consumer keeps the decision),
     * or an empty string outside any span or without a tracer.
     */
    public static String traceparent(Tracer tracer, Propagator propagator) {
        if (tracer == null || propagator == null) {
            return "";
        }
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return "";
        }
        Map<String, String> carrier = new HashMap<>(4);
        propagator.inject(context, carrier, Map::put);
        return carrier.getOrDefault(TRACEPARENT, "");
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
        inBatchSpan(tracer, propagator, stream, List.of(entry), name, tags, work);
    }

    /**
     * Runs {@code work}, which handles {@code entries} together, in a consumer span named {@code
     * name}: a child of the first entry's trace, linked to the traces of the others. Each other entry
     * of a sampled trace also gets a consumer span of the same name in its own trace (linked to the
     * batch span, ending with it), so every producer's trace shows where its entry was handled; an
     * unsampled entry costs no span. Without a tracer or propagator, just runs {@code work}.
     */
    public static <E extends Exception> void inBatchSpan(
            Tracer tracer,
            Propagator propagator,
            String stream,
            List<StreamEntry> entries,
            String name,
            Map<String, String> tags,
            Work<E> work)
            throws E {
        if (tracer == null || propagator == null || entries.isEmpty()) {
            work.run();
            return;
        }
        StreamEntry first = entries.get(0);
        Span.Builder builder = consumer(propagator.extract(first.fields(), Map::get), name, stream, tags);
        if (entries.size() == 1) {
            builder.tag("messaging.message.id", first.id());
        }
        List<StreamEntry> ownSpans = new ArrayList<>();
        List<TraceContext> ownContexts = new ArrayList<>();
        if (entries.size() > 1) {
            Set<String> traces = new HashSet<>();
            TraceContext firstContext = context(tracer, first);
            if (firstContext != null) {
                traces.add(firstContext.traceId());
            }
            for (StreamEntry entry : entries.subList(1, entries.size())) {
                TraceContext context = context(tracer, entry);
                if (context != null && traces.add(context.traceId())) {
                    builder.addLink(new Link(context));
                    if (Boolean.TRUE.equals(context.sampled())) {
                        ownSpans.add(entry);
                        ownContexts.add(context);
                    }
                }
            }
        }
        Span span = builder.start();
        List<Span> joined = new ArrayList<>(ownSpans.size());
        for (int i = 0; i < ownSpans.size(); i++) {
            joined.add(consumer(tracer.spanBuilder().setParent(ownContexts.get(i)), name, stream, tags)
                    .tag("messaging.message.id", ownSpans.get(i).id())
                    .addLink(new Link(span))
                    .start());
        }
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            work.run();
        } catch (Exception e) {
            span.error(e);
            joined.forEach(s -> s.error(e));
            throw e;
        } finally {
            joined.forEach(Span::end);
            span.end();
        }
    }

    private static Span.Builder consumer(Span.Builder builder, String name, String stream, Map<String, String> tags) {
        builder.name(name)
                .kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "redis")
                .tag("messaging.operation.type", "process")
                .tag("messaging.destination.name", stream);
        tags.forEach(builder::tag);
        return builder;
    }

    /**
     * The producer's context an entry carries ({@code 00-<trace id>-<span id>-<flags>}), or {@code
     * null} when it carries none or a malformed one.
     */
    static TraceContext context(Tracer tracer, StreamEntry entry) {
        String value = entry.fields().get(TRACEPARENT);
        if (value == null || value.length() != 55) {
            return null;
        }
        String[] parts = value.split("-");
        if (parts.length != 4
                || parts[1].length() != 32
                || parts[2].length() != 16
                || parts[3].length() != 2
                || !hex(parts[1])
                || !hex(parts[2])
                || !hex(parts[3])) {
            return null;
        }
        boolean sampled = (Integer.parseInt(parts[3], 16) & 1) == 1;
        return tracer.traceContextBuilder()
                .traceId(parts[1])
                .spanId(parts[2])
                .sampled(sampled)
                .build();
    }

    private static boolean hex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
