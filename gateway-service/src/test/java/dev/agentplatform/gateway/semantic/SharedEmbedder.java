package dev.agentplatform.gateway.semantic;

/** One model per test JVM: loading the ONNX session costs more than the tests that use it. */
final class SharedEmbedder {

    static final PromptEmbedder EMBEDDER = new PromptEmbedder(LabelledPairs.properties(0.90, "unused"));

    private SharedEmbedder() {}
}
