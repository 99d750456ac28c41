/**
 * Durable async tasks. {@code POST /v1/executions} with {@code task.async} stores the task as
 * PENDING in a Redis hash ({@code task:{id}}, with a TTL) and adds it to {@code platform.tasks} in
 * one atomic script. The hash keeps its {@link dev.agentplatform.orchestrator.task.Caller}: the user
 * and tier, and the API key, team and cost policy of the submission's service credential, so the
 * task is held to the same user, key and team budgets as a request answered at once; the consumer group {@code orchestrator} runs it (RUNNING, then SUCCEEDED or
 * FAILED), acknowledging the entry only after the outcome is stored. Entries left pending by a
 * crashed instance are taken over with XAUTOCLAIM; a lease per task (renewed while it runs) keeps
 * two instances from running it at once, and a task already final is acknowledged without running
 * again. {@code GET /v1/tasks/{id}} and {@code GET /v1/tasks/{id}/events} (SSE) show it to its owner.
 */
package dev.agentplatform.orchestrator.task;
