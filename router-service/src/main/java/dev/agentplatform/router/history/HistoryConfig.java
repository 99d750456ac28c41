package dev.agentplatform.router.history;

import dev.agentplatform.router.classify.ClassifierProperties;
import dev.agentplatform.router.classify.EmbeddingIntentClassifier;
import dev.agentplatform.router.registry.AgentRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The routing history, and a refit from it when the service is ready. */
@Configuration(proxyBeanMethods = false)
class HistoryConfig {

    private static final Logger log = LoggerFactory.getLogger(HistoryConfig.class);

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    RoutingHistory routingHistory(JdbcClient jdbc, JsonMapper json) {
        return new RoutingHistory(jdbc, json);
    }

    @Bean
    RefitOnStart refitOnStart(
            RoutingHistory history,
            EmbeddingIntentClassifier classifier,
            AgentRegistry registry,
            ClassifierProperties properties) {
        return new RefitOnStart(history, classifier, registry, properties);
    }

    /** What earlier runs learned goes into the prototypes before the first request. */
    record RefitOnStart(
            RoutingHistory history,
            EmbeddingIntentClassifier classifier,
            AgentRegistry registry,
            ClassifierProperties properties) {

        @EventListener(ApplicationReadyEvent.class)
        public void refit() {
            try {
                var successes = history.successfulPrompts(properties.historyLimit());
                if (!successes.isEmpty()) {
                    classifier.refit(successes, registry.all());
                    log.info("refitted prototypes with the history of {} agents", successes.size());
                }
            } catch (RuntimeException e) {
                log.warn("refit from history at start failed: {}", e.toString());
            }
        }
    }
}
