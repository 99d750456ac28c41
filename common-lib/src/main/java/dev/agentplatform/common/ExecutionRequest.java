package dev.agentplatform.common;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * What the router hands the orchestrator: the task, its id and the routing decision.
 *
 * @param taskId unique id of the task; work is idempotent by it
 * @param task the caller's request
 * @param decision the agents and strategy to run
 */
public record ExecutionRequest(
        @NotBlank String taskId,
        @NotNull @Valid TaskRequest task,
        @NotNull RoutingDecision decision) {}
