package dev.agentplatform.mcp.platform;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The platform's own MCP server.
 *
 * @param routerUrl the router, which runs the {@code ask} tool's tasks; default {@code http://127.0.0.1:8081}
 *     ({@code PLATFORM_MCP_PLATFORMSERVER_ROUTERURL})
 * @param askTimeout longest wait for a task's answer; default 120 s
 */
@ConfigurationProperties("platform.mcp.platform-server")
@Validated
public record PlatformServerProperties(
        @DefaultValue("http://127.0.0.1:8081") @NotNull URI routerUrl,
        @DefaultValue("120s") @NotNull Duration askTimeout) {}
