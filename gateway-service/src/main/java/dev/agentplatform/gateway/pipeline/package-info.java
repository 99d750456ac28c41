/**
 * The chat completion pipeline ({@code POST /v1/chat/completions}) as an ordered chain of small
 * named steps, in the spring-cloud-gateway filter model: validate → map the request to a task →
 * (render, on the way back) → guard → exact cache → embed → semantic cache → (store, on the way
 * back) → route. Each step is a {@link dev.agentplatform.gateway.pipeline.ChatStep} bean, testable
 * alone; authentication, rate limits and the exact-hit fast path stay web filters before it.
 */
package dev.agentplatform.gateway.pipeline;
