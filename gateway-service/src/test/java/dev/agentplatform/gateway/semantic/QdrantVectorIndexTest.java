package dev.agentplatform.gateway.semantic;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The contract against a real Qdrant; runs only where {@code QDRANT_URL} names one (gRPC port). */
@EnabledIfEnvironmentVariable(named = "QDRANT_URL", matches = ".+")
class QdrantVectorIndexTest extends VectorIndexContractTest {

    @Override
    protected VectorIndex createIndex() {
        return new QdrantVectorIndex(
                System.getenv("QDRANT_URL"), System.getenv("QDRANT_API_KEY"), "semantic_cache_test");
    }
}
