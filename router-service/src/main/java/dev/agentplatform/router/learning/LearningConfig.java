package dev.agentplatform.router.learning;

import dev.agentplatform.router.history.RoutingHistory;
import dev.agentplatform.router.registry.AgentRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Success rates in Redis, their local copy and persistence, the outcome consumer and the selector. */
@Configuration(proxyBeanMethods = false)
class LearningConfig {

    @Bean
    SuccessRates successRates(StringRedisTemplate redis, LearningProperties properties) {
        return new RedisSuccessRates(redis, properties);
    }

    @Bean
    AgentSelector agentSelector(SelectionProperties properties) {
        return new AgentSelector(properties);
    }

    @Bean
    @DependsOnDatabaseInitialization
    SuccessRateTracker successRateTracker(
            SuccessRates rates,
            AgentRegistry registry,
            LearningProperties properties,
            AgentSelector selector,
            MeterRegistry meters,
            JdbcClient jdbc) {
        return new SuccessRateTracker(rates, registry, properties, selector, meters, jdbc);
    }

    @Bean
    OutcomeStreamConsumer outcomeStreamConsumer(
            StringRedisTemplate redis,
            SuccessRateTracker tracker,
            RoutingHistory history,
            LearningProperties properties,
            JsonMapper json,
            MeterRegistry meters,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        return new OutcomeStreamConsumer(
                redis,
                tracker,
                history::recordOutcome,
                properties,
                json,
                meters,
                tracer.getIfAvailable(),
                propagator.getIfAvailable());
    }
}
