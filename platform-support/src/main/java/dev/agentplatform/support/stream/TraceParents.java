package dev.agentplatform.support.stream;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The W3C {@code traceparent} of the current span, for entries a service puts on a Redis Stream
 * (field {@link dev.agentplatform.common.Streams#FIELD_TRACEPARENT}); the consumer continues it
 * ({@link StreamTracing}). One bean per service, from platform-support's auto-configuration.
 */
public class TraceParents {

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceParents(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this(tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    /** @param tracer and {@code propagator} may be {@code null}: no trace context then */
    public TraceParents(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's {@code traceparent}, or an empty string outside any span. */
    public String current() {
        return StreamTracing.traceparent(tracer, propagator);
    }
}
