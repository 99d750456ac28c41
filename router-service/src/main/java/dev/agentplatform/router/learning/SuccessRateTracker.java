package dev.agentplatform.router.learning;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.router.registry.AgentRegistry;
import dev.agentplatform.router.registry.LiveStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The router's view of what it learned: the shared statistics in {@link SuccessRates} (Redis),
 * copied locally every {@code refresh-interval} so a routing decision never waits for Redis, written
 * to PostgreSQL every {@code persist-interval} and restored from there into an empty Redis on start.
 * Exported as {@code router_agent_success_rate{agent}}.
 */
public class SuccessRateTracker implements LiveStats, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SuccessRateTracker.class);

    private final SuccessRates rates;
    private final AgentRegistry registry;
    private final LearningProperties properties;
    private final AgentSelector selector;
    private final MeterRegistry meters;
    private final JdbcClient jdbc;
    private final Set<String> gauges = ConcurrentHashMap.newKeySet();
    private volatile Map<String, AgentStats> snapshot = Map.of();
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    public SuccessRateTracker(
            SuccessRates rates,
            AgentRegistry registry,
            LearningProperties properties,
            AgentSelector selector,
            MeterRegistry meters,
            JdbcClient jdbc) {
        this.rates = rates;
        this.registry = registry;
        this.properties = properties;
        this.selector = selector;
        this.meters = meters;
        this.jdbc = jdbc;
        registry.onChange(this::registerGauges);
    }

    /** The known statistics by agent; an agent without any is at the prior. */
    public Map<String, AgentStats> snapshot() {
        return snapshot;
    }

    /** The cold-start success rate. */
    public double prior() {
        return properties.prior();
    }

    /** Applies one outcome to the shared statistics; {@code false} for a duplicate. */
    public boolean apply(OutcomeRecorded outcome) {
        Optional<AgentStats> applied = rates.apply(outcome);
        applied.ifPresent(stats -> {
            Map<String, AgentStats> next = new HashMap<>(snapshot);
            next.put(outcome.agent(), stats);
            snapshot = Map.copyOf(next);
        });
        return applied.isPresent();
    }

    @Override
    public AgentLiveStats of(String agent) {
        AgentStats s = snapshot.get(agent);
        double latency = s == null || s.observations() == 0
                ? registry.find(agent).map(AgentDefinition::expectedLatencyMs).orElse(0L)
                : s.latencyMs();
        return new AgentLiveStats(
                round(s == null ? properties.prior() : s.successRate()),
                s == null ? 0 : s.observations(),
                round(latency),
                selector.isPrimary(agent));
    }

    /** Reloads the local copy from the shared statistics. */
    public void refresh() {
        List<String> names = registry.all().stream().map(AgentDefinition::name).toList();
        snapshot = Map.copyOf(rates.read(names));
    }

    /** Writes the local copy to PostgreSQL. */
    public void persist() {
        snapshot.forEach((agent, s) -> jdbc.sql(
                        "INSERT INTO router.agent_stats (agent, success_rate, observations, latency_ms, updated_at) "
                                + "VALUES (?, ?, ?, ?, now()) ON CONFLICT (agent) DO UPDATE SET "
                                + "success_rate = EXCLUDED.success_rate, observations = EXCLUDED.observations, "
                                + "latency_ms = EXCLUDED.latency_ms, updated_at = now()")
                .params(agent, s.successRate(), s.observations(), s.latencyMs())
                .update());
    }

    /** Puts what PostgreSQL remembers into Redis wherever Redis knows nothing. */
    void restore() {
        jdbc.sql("SELECT agent, success_rate, observations, latency_ms FROM router.agent_stats")
                .query((rs, row) -> Map.entry(
                        rs.getString("agent"),
                        new AgentStats(
                                rs.getDouble("success_rate"), rs.getLong("observations"), rs.getDouble("latency_ms"))))
                .list()
                .forEach(e -> rates.restore(e.getKey(), e.getValue()));
    }

    private void registerGauges(List<AgentDefinition> agents) {
        for (AgentDefinition agent : agents) {
            String name = agent.name();
            if (gauges.add(name)) {
                Gauge.builder("router_agent_success_rate", this, t -> {
                            AgentStats s = t.snapshot.get(name);
                            return s == null ? t.properties.prior() : s.successRate();
                        })
                        .description("EMA of the agent's attempt success, as the router routes by it")
                        .tag("agent", name)
                        .register(meters);
            }
        }
    }

    @Override
    public void start() {
        try {
            restore();
            refresh();
        } catch (RuntimeException e) {
            log.warn("could not restore learned statistics at start: {}", e.toString());
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "success-rates");
            thread.setDaemon(true);
            return thread;
        });
        long refresh = properties.refreshInterval().toMillis();
        scheduler.scheduleWithFixedDelay(
                () -> quietly("refresh", this::refresh), refresh, refresh, TimeUnit.MILLISECONDS);
        long persist = properties.persistInterval().toMillis();
        scheduler.scheduleWithFixedDelay(
                () -> quietly("persist", this::persist), persist, persist, TimeUnit.MILLISECONDS);
        running = true;
    }

    private static void quietly(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("success rates {} failed: {}", what, e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        quietly("persist", this::persist);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
