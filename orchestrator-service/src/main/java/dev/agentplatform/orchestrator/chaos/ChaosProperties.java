package dev.agentplatform.orchestrator.chaos;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where chaos settings live and how fresh each instance keeps them.
 *
 * @param key the Redis hash holding one field per agent (JSON value); default {@code orchestrator:chaos:agents}
 * @param refresh how often each instance reloads the settings from Redis; default 1 s
 * @param maxLatencyMs the largest latency a chaos setting may ask for, in milliseconds; default 120000
 */
@ConfigurationProperties("platform.orchestrator.chaos")
@Validated
record ChaosProperties(
        @DefaultValue("orchestrator:chaos:agents") @NotBlank String key,
        @DefaultValue("1s") @NotNull Duration refresh,
        @DefaultValue("120000") @Min(0) long maxLatencyMs) {}
