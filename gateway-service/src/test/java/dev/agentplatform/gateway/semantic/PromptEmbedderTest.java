package dev.agentplatform.gateway.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class PromptEmbedderTest {

    private final PromptEmbedder embedder = SharedEmbedder.EMBEDDER;

    @Test
    void embedsIntoAUnitVectorOf384Floats() {
        float[] vector = embedder.embed("What is the capital of Australia?").block();

        assertThat(vector).hasSize(384);
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        assertThat(Math.sqrt(norm)).isBetween(0.999, 1.001);
    }

    @Test
    void runsTheModelOnItsOwnSchedulerNotTheCallersThread() {
        String thread = embedder.embed("Write a haiku about rivers")
                .then(Mono.fromCallable(() -> Thread.currentThread().getName()))
                .block();

        assertThat(thread).startsWith("prompt-embedder");
    }

    @Test
    void encodesTheHeaderAsBase64LittleEndianFloats() {
        float[] vector = embedder.embedBlocking("Write a haiku about rivers");

        byte[] bytes = Base64.getDecoder().decode(PromptEmbedder.toHeaderValue(vector));

        assertThat(bytes).hasSize(384 * 4);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(buffer.getFloat(0)).isEqualTo(vector[0]);
        assertThat(buffer.getFloat(383 * 4)).isEqualTo(vector[383]);
    }

    @Test
    void givesTheSameVectorForTheSameText() {
        assertThat(embedder.embedBlocking("same text")).containsExactly(embedder.embedBlocking("same text"));
    }
}
