package dev.agentplatform.mcp.platform;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The platform's own MCP server.
 *
 * @param routerUrl the router, which runs the {@code ask} tool's tasks and holds the agent definitions whose
 *     capability allowlists calls made for an agent are checked against; default {@code http://127.0.0.1:8081}
 *     ({@code PLATFORM_MCP_PLATFORMSERVER_ROUTERURL})
 * @param askTimeout longest wait for a task's answer; default 120 s
 * @param tiers the capabilities whose tools the users of each tier are offered at {@code /mcp}, by tier; {@code *}
 *     stands for every capability. A tier not named here is offered {@code ask} only. Default none (application.yml
 *     names free, pro and enterprise).
 */
@ConfigurationProperties("platform.mcp.platform-server")
@Validated
public record PlatformServerProperties(
        @DefaultValue("http://127.0.0.1:8081") @NotNull URI routerUrl,
        @DefaultValue("120s") @NotNull Duration askTimeout,
        @DefaultValue Map<String, List<String>> tiers) {

    /** Stands for every capability in {@link #tiers()}. */
    public static final String EVERY_CAPABILITY = "*";

    /** Whether users of {@code tier} may use {@code capability} at {@code /mcp}. */
    public boolean offers(String tier, String capability) {
        List<String> capabilities = tier == null ? null : tiers.get(tier);
        return capabilities != null && (capabilities.contains(EVERY_CAPABILITY) || capabilities.contains(capability));
    }
}
