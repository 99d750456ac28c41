package dev.agentplatform.memory.warm;

import dev.agentplatform.support.embedding.MiniLmEmbedder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The WARM tier's beans: the embedder, the Lucene index and the hybrid search over them. */
@Configuration(proxyBeanMethods = false)
class WarmConfig {

    @Bean(destroyMethod = "close")
    TextEmbedder warmEmbedder(WarmProperties properties) {
        return switch (properties.embedding()) {
            case STATIC -> new StaticEmbedder();
            case MINILM -> new MiniLmTextEmbedder(new MiniLmEmbedder());
        };
    }

    @Bean(destroyMethod = "close")
    WarmIndex warmIndex(WarmProperties properties, TextEmbedder warmEmbedder) {
        LuceneWarmIndex index = new LuceneWarmIndex(properties.indexDir());
        index.adopt(warmEmbedder);
        return index;
    }

    @Bean
    WarmSearch warmSearch(WarmIndex index, TextEmbedder warmEmbedder, WarmProperties properties) {
        return new WarmSearch(index, warmEmbedder, properties.fusion());
    }

    /** MiniLM itself as the WARM tier's embedder. */
    record MiniLmTextEmbedder(MiniLmEmbedder model) implements TextEmbedder {

        @Override
        public float[] embed(String text) {
            return model.embed(text);
        }

        @Override
        public String name() {
            return "minilm-l6-v2-q";
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
