/**
 * The OpenAI chat completion shapes and their translation: the request as the gateway accepts it,
 * the answer and its stream chunks, and the mapping of a request to the platform's
 * {@link dev.agentplatform.common.TaskRequest}. The endpoint that runs them is the chat pipeline
 * ({@code dev.agentplatform.gateway.pipeline}).
 */
package dev.agentplatform.gateway.chat;
