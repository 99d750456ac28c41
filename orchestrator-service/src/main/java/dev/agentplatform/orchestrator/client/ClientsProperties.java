package dev.agentplatform.orchestrator.client;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the orchestrator's neighbours listen and how long to wait for them.
 *
 * @param costUrl base URL of cost-service; default {@code http://127.0.0.1:8085}
 * @param memoryUrl base URL of memory-service; default {@code http://127.0.0.1:8084}
 * @param mcpUrl base URL of mcp-service; default {@code http://127.0.0.1:8083}
 * @param routerUrl base URL of router-service, whose registry defines the agents; default
 *     {@code http://127.0.0.1:8081}
 * @param connectTimeout how long to wait for a connection to any neighbour; default 1 s
 * @param readTimeout how long to wait for cost- and memory-service to answer; default 2 s
 * @param mcpReadTimeout how long to wait for a capability call, which runs a real tool; default 15 s
 * @param budgetCacheTtl how long a user's budget standing is reused before cost-service is asked
 *     again; default 1 s, 0 asks for every task
 */
@ConfigurationProperties("platform.orchestrator.clients")
@Validated
record ClientsProperties(
        @DefaultValue("http://127.0.0.1:8085") @NotNull URI costUrl,
        @DefaultValue("http://127.0.0.1:8084") @NotNull URI memoryUrl,
        @DefaultValue("http://127.0.0.1:8083") @NotNull URI mcpUrl,
        @DefaultValue("http://127.0.0.1:8081") @NotNull URI routerUrl,
        @DefaultValue("1s") @NotNull Duration connectTimeout,
        @DefaultValue("2s") @NotNull Duration readTimeout,
        @DefaultValue("15s") @NotNull Duration mcpReadTimeout,
        @DefaultValue("1s") @NotNull Duration budgetCacheTtl) {}
