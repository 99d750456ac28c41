package dev.agentplatform.gateway.limits;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Request limits.
 *
 * @param maxBodySize the largest request body accepted; default 1 MiB
 */
@Validated
@ConfigurationProperties("platform.gateway.limits")
public record LimitsProperties(@DefaultValue("1MB") @NotNull DataSize maxBodySize) {}
