package dev.agentplatform.gateway.semantic;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.Environment;

/** Wires the semantic cache over the configured vector index adapter. */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:semantic/semantic-cache.properties")
class SemanticCacheConfig {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "platform.gateway.semantic.index", havingValue = "lucene", matchIfMissing = true)
    VectorIndex luceneVectorIndex(SemanticCacheProperties properties, Environment environment) {
        // defaults are bound without placeholder resolution, so ${java.io.tmpdir} is resolved here
        return new LuceneVectorIndex(Path.of(environment.resolvePlaceholders(properties.luceneDirectory())));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "platform.gateway.semantic.index", havingValue = "qdrant")
    VectorIndex qdrantVectorIndex(SemanticCacheProperties properties, Environment environment) {
        String url = properties.qdrantUrl().isBlank()
                ? environment.getProperty("QDRANT_URL", "http://localhost:6334")
                : properties.qdrantUrl();
        return new QdrantVectorIndex(url, properties.qdrantApiKey(), properties.qdrantCollection());
    }

    @Bean
    SemanticCache semanticCache(
            VectorIndex index, SemanticCacheProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new SemanticCache(index, properties, meters.getIfAvailable(SimpleMeterRegistry::new), Clock.systemUTC());
    }
}
