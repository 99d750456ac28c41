package dev.agentplatform.router.catalog;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the names agent definitions refer to come from. The orchestrator's address is {@code
 * platform.router.clients.orchestrator-url}, shared with task execution.
 *
 * @param mcpUrl base URL of mcp-service, whose {@code GET /v1/capabilities} lists the capabilities
 *     an agent may use; default {@code http://127.0.0.1:8083} ({@code PLATFORM_ROUTER_MCP_URL})
 * @param catalogTtl how long a fetched catalog is used before it is fetched again; a name it does not
 *     hold fetches it again sooner (at most once per {@code catalogMinRefresh}); default 30 s
 * @param catalogMinRefresh the least time between two fetches of one catalog, so that unknown names
 *     cannot make every request a call to the neighbour; default 1 s
 * @param catalogTimeout how long to wait for a neighbour's catalog; default 3 s
 */
@Validated
@ConfigurationProperties("platform.router")
public record CatalogProperties(
        @DefaultValue("http://127.0.0.1:8083") @NotNull URI mcpUrl,
        @DefaultValue("30s") @NotNull Duration catalogTtl,
        @DefaultValue("1s") @NotNull Duration catalogMinRefresh,
        @DefaultValue("3s") @NotNull Duration catalogTimeout) {}
