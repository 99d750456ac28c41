package dev.agentplatform.router.history;

import dev.agentplatform.router.classify.ClassifierProperties;
import dev.agentplatform.router.classify.EmbeddingIntentClassifier;
import dev.agentplatform.router.registry.AgentRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The routing history, and refits from it when the service is ready and every refit interval. */
@Configuration(proxyBeanMethods = false)
class HistoryConfig {

    private static final Logger log = LoggerFactory.getLogger(HistoryConfig.class);

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    RoutingHistory routingHistory(JdbcClient jdbc, JsonMapper json) {
        return new RoutingHistory(jdbc, json);
    }

    @Bean(destroyMethod = "close")
    PeriodicRefit periodicRefit(
            RoutingHistory history,
            EmbeddingIntentClassifier classifier,
            AgentRegistry registry,
            ClassifierProperties classify,
            HistoryProperties properties) {
        return new PeriodicRefit(history, classifier, registry, classify, properties);
    }

    /**
     * What earlier runs learned goes into the prototypes before the first request, and what this and
     * the other instances learn since, every refit interval: each instance refits on its own, so no
     * coordination is needed.
     */
    static final class PeriodicRefit implements AutoCloseable {

        private final RoutingHistory history;
        private final EmbeddingIntentClassifier classifier;
        private final AgentRegistry registry;
        private final ClassifierProperties classify;
        private final HistoryProperties properties;
        private ScheduledExecutorService scheduler;

        PeriodicRefit(
                RoutingHistory history,
                EmbeddingIntentClassifier classifier,
                AgentRegistry registry,
                ClassifierProperties classify,
                HistoryProperties properties) {
            this.history = history;
            this.classifier = classifier;
            this.registry = registry;
            this.classify = classify;
            this.properties = properties;
        }

        @EventListener(ApplicationReadyEvent.class)
        public void start() {
            refit();
            long period = properties.refitInterval().toMillis();
            if (period > 0) {
                scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "prototype-refit");
                    thread.setDaemon(true);
                    return thread;
                });
                scheduler.scheduleWithFixedDelay(this::refit, period, period, TimeUnit.MILLISECONDS);
            }
        }

        void refit() {
            try {
                var successes = history.successfulPrompts(classify.historyLimit());
                if (!successes.isEmpty()) {
                    classifier.refit(successes, registry.all());
                    log.info("refitted prototypes with the history of {} agents", successes.size());
                }
            } catch (RuntimeException e) {
                log.warn("refit from history failed: {}", e.toString());
            }
        }

        @Override
        public void close() {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
    }
}
