package dev.agentplatform.router.classify;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.agentplatform.support.embedding.MiniLmEmbedder;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.InputStream;
import java.util.Map;

/**
 * The candidate embedding models of the comparison in {@code bench/router/README.md}: each one's
 * ONNX file and tokenizer from its langchain4j jar on Maven Central (profile {@code
 * embedding-models}), run like the shipped {@link MiniLmEmbedder} (one intra-op thread, no spinning),
 * so the latencies compare the models and not their thread settings.
 */
final class Models {

    private record Spec(String model, String tokenizer, PoolingMode pooling, String prefix, int dimensions) {}

    private static final Map<String, Spec> SPECS = Map.of(
            "minilm", new Spec("/all-minilm-l6-v2.onnx", "/all-minilm-l6-v2-tokenizer.json", PoolingMode.MEAN, "", 384),
            "bge-small-q",
                    new Spec(
                            "/bge-small-en-v1.5-q.onnx",
                            "/bge-small-en-v1.5-q-tokenizer.json",
                            PoolingMode.CLS,
                            "",
                            384),
            "bge-small",
                    new Spec("/bge-small-en-v1.5.onnx", "/bge-small-en-v1.5-tokenizer.json", PoolingMode.CLS, "", 384),
            "e5-small-q",
                    new Spec("/e5-small-v2-q.onnx", "/e5-small-v2-q-tokenizer.json", PoolingMode.MEAN, "query: ", 384),
            "e5-small", new Spec("/e5-small-v2.onnx", "/e5-small-v2-tokenizer.json", PoolingMode.MEAN, "query: ", 384));

    private Models() {}

    /** {@code minilm-q} (shipped), {@code minilm}, {@code bge-small(-q)}, {@code e5-small(-q)}. */
    static TextEmbedder embedder(String name) throws Exception {
        if (name.equals("minilm-q")) {
            return new MiniLmTextEmbedder();
        }
        Spec spec = SPECS.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown model " + name + "; one of minilm-q, " + SPECS.keySet());
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = MiniLmEmbedder.sessionOptions();
        OrtSession session;
        InputStream tokenizer;
        try (InputStream model = resource(spec.model())) {
            session = environment.createSession(model.readAllBytes(), options);
            tokenizer = resource(spec.tokenizer());
        }
        Encoder encoder =
                new Encoder(new OnnxBertBiEncoder(environment, session, tokenizer, spec.pooling()), spec.dimensions());
        return new TextEmbedder() {
            @Override
            public float[] embed(String text) {
                String input =
                        text.length() > MiniLmEmbedder.MAX_CHARS ? text.substring(0, MiniLmEmbedder.MAX_CHARS) : text;
                return MiniLmEmbedder.normalise(
                        encoder.embed(spec.prefix() + input).content().vector());
            }

            @Override
            public int dimensions() {
                return spec.dimensions();
            }
        };
    }

    private static InputStream resource(String name) {
        InputStream in = Models.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the class path: run with -Pembedding-models");
        }
        return in;
    }

    private static final class Encoder extends AbstractInProcessEmbeddingModel {

        private final OnnxBertBiEncoder model;
        private final int dimensions;

        Encoder(OnnxBertBiEncoder model, int dimensions) {
            super(Runnable::run);
            this.model = model;
            this.dimensions = dimensions;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return model;
        }

        @Override
        protected Integer knownDimension() {
            return dimensions;
        }
    }
}
