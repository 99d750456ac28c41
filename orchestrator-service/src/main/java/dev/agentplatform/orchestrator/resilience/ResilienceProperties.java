package dev.agentplatform.orchestrator.resilience;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Breakers, time limits, retries and rate limits.
 *
 * @param failureThreshold consecutive failed calls that open a breaker; default 5
 * @param openDuration how long an open breaker fails fast before letting probe calls through
 *     (HALF_OPEN); default 60 s
 * @param halfOpenCalls probe calls a half-open breaker lets through; all must succeed to close it; default 1
 * @param callTimeout the most one LLM call may take before it is interrupted and counted as a timeout; default 20 s
 * @param agentTimeout the most one agent attempt (tools, LLM calls, retries, provider fallbacks) may take; default 30 s
 * @param retryMaxAttempts calls per provider for a retriable error, the first included; 1 disables retries; default 2
 * @param retryBackoff the pause before the first retry, doubled before each further one; default 50 ms
 * @param retryMultiplier how much each further backoff grows; default 2.0
 * @param rateLimitWait how long a call waits for its provider's rate limiter before trying the next provider; default 0
 */
@ConfigurationProperties("platform.orchestrator.resilience")
@Validated
public record ResilienceProperties(
        @DefaultValue("5") @Min(1) int failureThreshold,
        @DefaultValue("60s") @NotNull Duration openDuration,
        @DefaultValue("1") @Min(1) int halfOpenCalls,
        @DefaultValue("20s") @NotNull Duration callTimeout,
        @DefaultValue("30s") @NotNull Duration agentTimeout,
        @DefaultValue("2") @Min(1) int retryMaxAttempts,
        @DefaultValue("50ms") @NotNull Duration retryBackoff,
        @DefaultValue("2.0") @DecimalMin("1.0") double retryMultiplier,
        @DefaultValue("0ms") @NotNull Duration rateLimitWait) {}
