package dev.agentplatform.router.classify;

import dev.agentplatform.router.registry.AgentRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * MiniLM in-process, the embedding classifier (with the shipped team prior and prompt bank), and its
 * preparation on every registry change.
 */
@Configuration(proxyBeanMethods = false)
class ClassifyConfig {

    @Bean
    TextEmbedder textEmbedder() {
        return new MiniLmTextEmbedder();
    }

    @Bean
    EmbeddingIntentClassifier intentClassifier(
            TextEmbedder embedder, ClassifierProperties properties, AgentRegistry registry) {
        EmbeddingIntentClassifier classifier =
                new EmbeddingIntentClassifier(embedder, properties, TeamPrior.shipped(), PromptBank.shipped());
        registry.onChange(classifier::prepare);
        return classifier;
    }

    @Bean(destroyMethod = "close")
    PromptEmbedder promptEmbedder(TextEmbedder embedder, ClassifierProperties properties, MeterRegistry meters) {
        return new PromptEmbedder(embedder, properties.embedThreads(), properties.cacheSize(), meters);
    }
}
