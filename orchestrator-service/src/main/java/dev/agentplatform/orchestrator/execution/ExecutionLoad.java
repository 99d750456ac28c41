package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.ModelTier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * How many tasks this instance is executing now, and the tier cap that load puts on a new one: once
 * more than {@code overload-in-flight} run at once, a new task's agents of dearer tiers call the
 * {@code overload-tier-cap} tier's chain (free by default) as they do when a budget is nearly spent,
 * and the answer says so in {@code X-Cost-Downgraded}. The gateway asks the same for a request it
 * admitted over its own {@code degrade-in-flight} ({@code X-Platform-Overloaded}): on a small machine
 * it is the gateway that sees the overload first. Under overload the platform degrades to cheaper
 * models before it sheds (the gateway's admission control answers 503 beyond its own bound).
 */
@Component
class ExecutionLoad {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final int overloadInFlight;
    private final ModelTier overloadTierCap;
    private final Counter cappedHere;
    private final Counter cappedByGateway;

    ExecutionLoad(ExecutionProperties properties, MeterRegistry meters) {
        this.overloadInFlight = properties.overloadInFlight();
        this.overloadTierCap = properties.overloadTierCap();
        Gauge.builder("orchestrator.executions.in.flight", inFlight, AtomicInteger::get)
                .description("Tasks this instance is executing now")
                .register(meters);
        this.cappedHere = capped(meters, "orchestrator");
        this.cappedByGateway = capped(meters, "gateway");
    }

    private static Counter capped(MeterRegistry meters, String overloaded) {
        return Counter.builder("orchestrator.overload.tier.capped")
                .description("Tasks whose agents were capped at overload-tier-cap, by where the overload was seen")
                .tag("overloaded", overloaded)
                .register(meters);
    }

    /**
     * Counts a task in until the returned ticket is closed; {@code gatewayOverloaded}: the gateway
     * admitted it overloaded.
     */
    Ticket enter(boolean gatewayOverloaded) {
        int now = inFlight.incrementAndGet();
        boolean over = overloadInFlight > 0 && now > overloadInFlight;
        if (over) {
            cappedHere.increment();
        } else if (gatewayOverloaded) {
            cappedByGateway.increment();
        }
        return new Ticket(over || gatewayOverloaded ? overloadTierCap : null);
    }

    /** The cheaper of two caps ({@code null}: no cap). */
    static ModelTier lower(ModelTier a, ModelTier b) {
        if (a == null) {
            return b;
        }
        return b == null || a.rank() <= b.rank() ? a : b;
    }

    /** One task's place in the count; its tier cap is {@code null} when the load puts none. */
    final class Ticket implements AutoCloseable {

        private final ModelTier tierCap;

        private Ticket(ModelTier tierCap) {
            this.tierCap = tierCap;
        }

        ModelTier tierCap() {
            return tierCap;
        }

        /** Counts the task out; called once, by the try-with-resources that took the ticket. */
        @Override
        public void close() {
            inFlight.decrementAndGet();
        }
    }
}
