package dev.agentplatform.orchestrator.event;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The W3C {@code traceparent} of the current span, for messages that leave over Redis. */
@Component
public class TraceParents {

    private static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    TraceParents(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /** The current span's {@code traceparent}, or an empty string outside any span. */
    public String current() {
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return "";
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier.getOrDefault(TRACEPARENT, "");
    }
}
