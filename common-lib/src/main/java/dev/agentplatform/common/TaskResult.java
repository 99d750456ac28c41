package dev.agentplatform.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * The answer to a task.
 *
 * @param taskId the task's id
 * @param agent the agent whose answer this is
 * @param team that agent's team
 * @param strategy the strategy that ran
 * @param content the answer text
 * @param provider the LLM provider that produced it ({@code simulated} without an API key)
 * @param model the provider's model
 * @param simulated whether the answer came from the simulated provider
 * @param usage tokens used across every LLM call of the task
 * @param costUsd what the task cost, LLM calls and tools together
 * @param latencyMs wall time in the orchestrator, in milliseconds
 * @param toolCalls capability calls made while answering
 * @param guard the gateway's guard verdicts on the task's messages, as the task carried them
 *     ({@link TaskRequest#guard()}); absent when no gateway checked the task
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskResult(
        String taskId,
        String agent,
        String team,
        Strategy strategy,
        String content,
        String provider,
        String model,
        boolean simulated,
        TokenUsage usage,
        BigDecimal costUsd,
        long latencyMs,
        List<ToolCallRecord> toolCalls,
        List<MessageVerdict> guard) {}
