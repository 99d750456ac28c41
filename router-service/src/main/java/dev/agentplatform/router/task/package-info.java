/**
 * The native task API, {@code POST /v1/tasks}: route the prompt, hand the decision to the
 * orchestrator and answer with its result, passing the orchestrator's problems through unchanged.
 */
package dev.agentplatform.router.task;
