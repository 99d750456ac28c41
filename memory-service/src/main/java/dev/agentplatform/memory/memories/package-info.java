/**
 * The memory API, {@code /v1/memories}: writes accepted at once and indexed off the request path,
 * hybrid search with the messages each result came from, the context packed for a model, and
 * forgetting a user in every tier. The user is the one the caller's credential acts for.
 */
package dev.agentplatform.memory.memories;
