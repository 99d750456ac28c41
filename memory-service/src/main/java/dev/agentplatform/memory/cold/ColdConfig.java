package dev.agentplatform.memory.cold;

import io.micrometer.core.instrument.MeterRegistry;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The COLD tier's beans, present only when a Neo4j URI is configured. The driver connects lazily:
 * the service starts (and serves HOT and WARM) while Neo4j is still starting or away; facts wait in
 * the stream meanwhile.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${platform.memory.cold.uri:}'.isBlank()")
class ColdConfig {

    @Bean(destroyMethod = "close")
    Driver coldDriver(ColdProperties properties) {
        var auth = properties.password() == null || properties.password().isBlank()
                ? AuthTokens.none()
                : AuthTokens.basic(properties.username(), properties.password());
        return GraphDatabase.driver(
                properties.uri(),
                auth,
                Config.builder().withMaxConnectionPoolSize(16).build());
    }

    @Bean
    ColdGraph coldGraph(Driver driver, ColdProperties properties) {
        return new ColdGraph(driver, properties);
    }

    @Bean
    RuleExtractor ruleExtractor() {
        return new RuleExtractor();
    }

    /** What the ingest reads messages with: a model through the orchestrator when there is one, else rules. */
    @Bean
    @Primary
    LlmExtractor coldExtractor(
            RestClient.Builder builder,
            JsonMapper json,
            RuleExtractor rules,
            ExtractionProperties properties,
            MeterRegistry meters) {
        return new LlmExtractor(builder, json, rules, properties, meters);
    }

    @Bean
    ColdSearch coldSearch(ColdGraph graph, RuleExtractor extractor, ColdProperties properties) {
        return new ColdSearch(graph, extractor, properties);
    }
}
