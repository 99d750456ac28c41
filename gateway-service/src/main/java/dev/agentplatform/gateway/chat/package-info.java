/**
 * The OpenAI-compatible {@code POST /v1/chat/completions}: validates the OpenAI request, turns it
 * into a {@link dev.agentplatform.common.TaskRequest} for the router and answers in the OpenAI
 * shape, as one JSON document or as a server-sent event stream of chunks.
 */
package dev.agentplatform.gateway.chat;
