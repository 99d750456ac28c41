package dev.agentplatform.router.routing;

import dev.agentplatform.router.budget.BudgetAdvisor;
import dev.agentplatform.router.catalog.ProviderCatalog;
import dev.agentplatform.router.classify.ClassifierProperties;
import dev.agentplatform.router.classify.EmbeddingIntentClassifier;
import dev.agentplatform.router.classify.PromptEmbedder;
import dev.agentplatform.router.learning.AgentSelector;
import dev.agentplatform.router.learning.SuccessRateTracker;
import dev.agentplatform.router.registry.AgentRegistry;
import dev.agentplatform.router.strategy.StrategyPlanner;
import dev.agentplatform.router.strategy.StrategyProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The routing service over the embedding classifier, learned success rates and budget advice. */
@Configuration(proxyBeanMethods = false)
class RoutingConfig {

    @Bean
    StrategyPlanner strategyPlanner(StrategyProperties properties) {
        return new StrategyPlanner(properties);
    }

    @Bean
    RoutingService routingService(
            AgentRegistry registry,
            EmbeddingIntentClassifier classifier,
            RoutingProperties properties,
            MeterRegistry meters,
            PromptEmbedder embedder,
            ClassifierProperties classify,
            StrategyPlanner planner,
            AgentSelector selector,
            SuccessRateTracker tracker,
            BudgetAdvisor budget,
            ProviderCatalog providers) {
        return new RoutingService(
                registry,
                classifier,
                properties,
                meters,
                embedder,
                classify,
                planner,
                selector,
                tracker::snapshot,
                tracker.prior(),
                budget,
                providers);
    }
}
