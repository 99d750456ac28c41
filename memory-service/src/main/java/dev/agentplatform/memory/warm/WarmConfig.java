package dev.agentplatform.memory.warm;

import dev.agentplatform.support.embedding.MiniLmEmbedder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The WARM tier's beans: the in-process embedder, the Lucene index and the hybrid search over them. */
@Configuration(proxyBeanMethods = false)
class WarmConfig {

    @Bean(destroyMethod = "close")
    MiniLmEmbedder miniLmEmbedder() {
        return new MiniLmEmbedder();
    }

    @Bean(destroyMethod = "close")
    WarmIndex warmIndex(WarmProperties properties) {
        return new LuceneWarmIndex(properties.indexDir());
    }

    @Bean
    WarmSearch warmSearch(WarmIndex index, MiniLmEmbedder embedder, WarmProperties properties) {
        return new WarmSearch(index, embedder, properties.fusion());
    }
}
