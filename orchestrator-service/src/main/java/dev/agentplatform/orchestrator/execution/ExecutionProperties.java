package dev.agentplatform.orchestrator.execution;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How tasks run.
 *
 * @param budgetFailOpen whether a task runs when cost-service cannot answer the budget check
 *     ({@code true}, the default: an outage of the ledger should not stop answers) or is refused
 *     with 503
 * @param defaultTier the tier asked about when the caller sent no {@code X-User-Tier}; default {@code free}
 * @param retryAfter what a 503 tells the caller to wait before retrying; default 5 s
 * @param memoryWriters threads storing exchanges in memory-service off the response path; default 2
 * @param memoryWriteQueue exchanges waiting to be stored before new ones are dropped (and logged); default 1000
 */
@ConfigurationProperties("platform.orchestrator.execution")
@Validated
record ExecutionProperties(
        @DefaultValue("true") boolean budgetFailOpen,
        @DefaultValue("free") @NotBlank String defaultTier,
        @DefaultValue("5s") @NotNull Duration retryAfter,
        @DefaultValue("2") @Min(1) int memoryWriters,
        @DefaultValue("1000") @Min(1) int memoryWriteQueue) {}
