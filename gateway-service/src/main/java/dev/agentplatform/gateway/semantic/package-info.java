/**
 * Semantic cache: the last user message embedded once in-process (all-MiniLM-L6-v2, quantized ONNX,
 * on a bounded scheduler off the event loop), searched in a {@link
 * dev.agentplatform.gateway.semantic.VectorIndex} scoped by tenant and model, and served only above
 * a high similarity and when numbers, negations, named entities and units agree with the query.
 */
package dev.agentplatform.gateway.semantic;
