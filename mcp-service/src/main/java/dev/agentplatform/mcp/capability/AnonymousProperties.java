package dev.agentplatform.mcp.capability;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Calls served without any credential: {@code GET /v1/capabilities} and {@code POST /v1/capabilities/{name}/call},
 * from a loopback address only, by a request that names no user and carries no credential of any kind (see
 * {@link dev.agentplatform.support.security.AnonymousAccess}); such a call may use only the free entries of a chain.
 *
 * @param enabled whether such calls are served; default {@code true} (a developer's machine: {@code ./platform up});
 *     the production Helm values turn it off
 * @param userId the fixed user anonymous calls act for and are booked to; default {@code anonymous}
 * @param tier that user's tier; default {@code free}
 */
@ConfigurationProperties("platform.mcp.anonymous")
@Validated
public record AnonymousProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("anonymous") @NotBlank String userId,
        @DefaultValue("free") @NotBlank String tier) {}
