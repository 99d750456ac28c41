package dev.agentplatform.router.task;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the router's neighbours are and how long to wait for them.
 *
 * @param orchestratorUrl base URL of the orchestrator; default {@code http://127.0.0.1:8082}
 * @param connectTimeout how long to wait for a connection; default 2 s
 * @param readTimeout how long to wait for the orchestrator's answer; default 120 s, since one task
 *     may try several agents in turn
 * @param retryAfter what {@code Retry-After} suggests when the orchestrator cannot be reached; default 5 s
 */
@Validated
@ConfigurationProperties("platform.router.clients")
public record ClientsProperties(
        @DefaultValue("http://127.0.0.1:8082") @NotNull URI orchestratorUrl,
        @DefaultValue("2s") @NotNull Duration connectTimeout,
        @DefaultValue("120s") @NotNull Duration readTimeout,
        @DefaultValue("5s") @NotNull Duration retryAfter) {}
