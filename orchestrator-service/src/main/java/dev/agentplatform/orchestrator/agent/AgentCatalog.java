package dev.agentplatform.orchestrator.agent;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.orchestrator.client.RegistryClient;
import dev.agentplatform.orchestrator.provider.ProviderRegistry;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * The agents as the registry (router-service) defines them, resolved to provider chains: a copy
 * refreshed every {@code poll} (an unchanged registry answers 304) and at once when a task names an
 * agent the copy does not know yet, so an agent registered a moment ago answers with its own
 * definition. When the registry cannot be reached, the last copy stays in use.
 */
@Component
public class AgentCatalog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AgentCatalog.class);

    private final RegistryClient registry;
    private final ProviderRegistry providers;
    private final AgentCatalogProperties properties;
    private volatile Snapshot snapshot = new Snapshot(null, Map.of());
    private volatile long lastMissRefresh;
    private volatile boolean warned;
    private volatile boolean loaded;
    private ScheduledExecutorService poller;

    AgentCatalog(RegistryClient registry, ProviderRegistry providers, AgentCatalogProperties properties) {
        this.registry = registry;
        this.providers = providers;
        this.properties = properties;
    }

    /** The agent called {@code name}; asks the registry once more when it is not known yet. */
    public Optional<Agent> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Agent agent = snapshot.agents().get(name);
        if (agent == null) {
            // until the first copy has arrived every miss waits for it (tasks reclaimed right after
            // a restart must not fail for want of a catalog); after that, misses refresh rarely
            if (!loaded || missRefreshAllowed()) {
                refresh();
            }
            agent = snapshot.agents().get(name);
        }
        return Optional.ofNullable(agent);
    }

    /** Every agent the registry defines, in registration order. */
    public Collection<Agent> all() {
        return snapshot.agents().values();
    }

    private boolean missRefreshAllowed() {
        long now = System.nanoTime();
        synchronized (this) {
            if (now - lastMissRefresh < properties.missRefresh().toNanos() && lastMissRefresh != 0) {
                return false;
            }
            lastMissRefresh = now;
            return true;
        }
    }

    /** Reloads the definitions when the registry changed; keeps the current ones when it is away. */
    public synchronized void refresh() {
        try {
            registry.fetch(snapshot.etag()).ifPresent(definitions -> {
                snapshot = new Snapshot(definitions.etag(), resolve(definitions.agents()));
                loaded = true;
                log.info(
                        "agent catalog at registry version {}: {} agents",
                        definitions.etag(),
                        snapshot.agents().size());
            });
            warned = false;
        } catch (RestClientException e) {
            if (!warned) {
                log.warn(
                        "agent registry unreachable, keeping {} known agents: {}",
                        snapshot.agents().size(),
                        e.toString());
                warned = true;
            }
        }
    }

    private Map<String, Agent> resolve(List<AgentDefinition> definitions) {
        Map<String, Agent> byName = new LinkedHashMap<>();
        for (AgentDefinition definition : definitions) {
            List<String> chain = providers.chainFor(definition);
            if (chain.isEmpty()) {
                log.warn("agent {} has no provider to call; it cannot answer", definition.name());
                continue;
            }
            byName.put(
                    definition.name(),
                    new Agent(
                            definition.name(),
                            definition.team(),
                            definition.effectiveSystemPrompt(),
                            chain,
                            definition.capabilities(),
                            definition.tier()));
        }
        return Collections.unmodifiableMap(byName);
    }

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "registry-poll");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.poll().toMillis();
        poller.scheduleWithFixedDelay(this::refresh, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    private record Snapshot(String etag, Map<String, Agent> agents) {}
}
