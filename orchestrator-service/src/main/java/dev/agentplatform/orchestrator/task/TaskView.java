package dev.agentplatform.orchestrator.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * An async task as its owner sees it.
 *
 * @param id the task id
 * @param status where it stands
 * @param result the {@code TaskResult} once SUCCEEDED
 * @param error a problem ({@code status}, {@code type}, {@code title}, {@code detail}) once FAILED
 * @param createdAt when it was accepted
 * @param updatedAt when its status last changed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(
        String id, TaskStatus status, JsonNode result, JsonNode error, Instant createdAt, Instant updatedAt) {}
