package dev.agentplatform.gateway.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Cache outcomes per cache type: {@code gateway_cache_requests_total{type,outcome}} (outcome hit,
 * miss or bypass) and {@code cache_hit_rate{type}}, hits over lookups since start.
 */
@Component
public class CacheMetrics {

    /** The kind of cache. */
    public enum Type {
        EXACT,
        SEMANTIC
    }

    /** What a lookup came to. */
    public enum Outcome {
        HIT,
        MISS,
        /** Not looked up: {@code Cache-Control: no-cache}, cache off, or not eligible. */
        BYPASS
    }

    private final Counter[][] counters = new Counter[Type.values().length][Outcome.values().length];

    CacheMetrics(MeterRegistry meters) {
        for (Type type : Type.values()) {
            String typeTag = type.name().toLowerCase(Locale.ROOT);
            for (Outcome outcome : Outcome.values()) {
                counters[type.ordinal()][outcome.ordinal()] = Counter.builder("gateway.cache.requests")
                        .description("Cache lookups by cache type and outcome")
                        .tag("type", typeTag)
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(meters);
            }
            Gauge.builder("cache.hit.rate", this, metrics -> metrics.hitRate(type))
                    .description("Cache hits over lookups since start")
                    .tag("type", typeTag)
                    .register(meters);
        }
    }

    /** Counts one outcome. */
    public void record(Type type, Outcome outcome) {
        counters[type.ordinal()][outcome.ordinal()].increment();
    }

    double hitRate(Type type) {
        double hits = counters[type.ordinal()][Outcome.HIT.ordinal()].count();
        double misses = counters[type.ordinal()][Outcome.MISS.ordinal()].count();
        return hits + misses == 0 ? 0.0 : hits / (hits + misses);
    }
}
