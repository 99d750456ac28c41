package dev.agentplatform.router.routing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How decisions are shaped.
 *
 * @param maxAgents most agents in a routed decision, primary and fallbacks together; default 3
 */
@Validated
@ConfigurationProperties("platform.router.routing")
public record RoutingProperties(
        @DefaultValue("3") @Min(1) @Max(10) int maxAgents) {}
