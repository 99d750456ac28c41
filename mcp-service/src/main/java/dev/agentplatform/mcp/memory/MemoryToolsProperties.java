package dev.agentplatform.mcp.memory;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the {@code memory-service} built-in server reaches memory-service.
 *
 * @param url base URL of memory-service; default {@code http://127.0.0.1:8084} ({@code PLATFORM_MCP_MEMORY_URL})
 * @param connectTimeout longest wait for a connection; default 1 s
 * @param readTimeout longest wait for an answer; a call that takes longer has timed out (the breaker counts it);
 *     default 5 s
 */
@ConfigurationProperties("platform.mcp.memory")
@Validated
public record MemoryToolsProperties(
        @DefaultValue("http://127.0.0.1:8084") @NotNull URI url,
        @DefaultValue("1s") @NotNull Duration connectTimeout,
        @DefaultValue("5s") @NotNull Duration readTimeout) {}
