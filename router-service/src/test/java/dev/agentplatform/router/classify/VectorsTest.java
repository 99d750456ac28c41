package dev.agentplatform.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void aGatewayEmbeddingRoundTrips() {
        float[] v = new float[384];
        v[3] = 0.6f;
        v[7] = 0.8f;

        assertThat(Vectors.decode(Vectors.encode(v), 384)).get().isEqualTo(v);
    }

    @Test
    void aWrongSizedUnnormalisedOrGarbledEmbeddingIsNotUsed() {
        assertThat(Vectors.decode(null, 384)).isEmpty();
        assertThat(Vectors.decode("%%%", 384)).isEmpty();
        assertThat(Vectors.decode(Base64.getEncoder().encodeToString(new byte[100]), 384))
                .isEmpty();
        float[] tooLong = new float[384];
        tooLong[0] = 2f;
        assertThat(Vectors.decode(Vectors.encode(tooLong), 384)).isEmpty();
        float[] nan = new float[384];
        nan[0] = Float.NaN;
        assertThat(Vectors.decode(Vectors.encode(nan), 384)).isEmpty();
    }
}
