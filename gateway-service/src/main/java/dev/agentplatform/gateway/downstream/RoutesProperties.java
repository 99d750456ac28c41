package dev.agentplatform.gateway.downstream;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the services behind the gateway are.
 *
 * @param routerUrl base URL of the router; default {@code http://127.0.0.1:8081}
 * @param costUrl base URL of the cost service; default {@code http://127.0.0.1:8085}
 * @param orchestratorUrl base URL of the orchestrator, for task status, task events, the provider
 *     catalog and the chaos admin API; default {@code http://127.0.0.1:8082} ({@code PLATFORM_GATEWAY_ROUTES_ORCHESTRATOR_URL})
 * @param memoryUrl base URL of memory-service, for {@code /v1/memories}; default {@code http://127.0.0.1:8084}
 *     ({@code PLATFORM_GATEWAY_ROUTES_MEMORY_URL})
 * @param mcpUrl base URL of mcp-service, which serves the platform as an MCP server at {@code /mcp}; default
 *     {@code http://127.0.0.1:8083} ({@code PLATFORM_GATEWAY_ROUTES_MCP_URL})
 * @param connectTimeout how long to wait for a connection; default 2 s
 * @param timeout how long to wait for an answer; default 120 s, since one task may try several
 *     agents in turn
 * @param retryAfter what {@code Retry-After} suggests when a service cannot be reached; default 5 s
 */
@Validated
@ConfigurationProperties("platform.gateway.routes")
public record RoutesProperties(
        @DefaultValue("http://127.0.0.1:8081") @NotNull URI routerUrl,
        @DefaultValue("http://127.0.0.1:8085") @NotNull URI costUrl,
        @DefaultValue("http://127.0.0.1:8082") @NotNull URI orchestratorUrl,
        @DefaultValue("http://127.0.0.1:8084") @NotNull URI memoryUrl,
        @DefaultValue("http://127.0.0.1:8083") @NotNull URI mcpUrl,
        @DefaultValue("2s") @NotNull Duration connectTimeout,
        @DefaultValue("120s") @NotNull Duration timeout,
        @DefaultValue("5s") @NotNull Duration retryAfter) {}
