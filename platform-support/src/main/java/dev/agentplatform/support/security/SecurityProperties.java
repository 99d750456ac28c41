package dev.agentplatform.support.security;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Authentication between the services.
 *
 * @param internalSecret the secret every service signs and checks credentials with, at least 32
 *     bytes ({@code PLATFORM_INTERNAL_SECRET}); no default: {@code ./platform up} generates one, Helm
 *     keeps it in a Secret, and a service without one does not start
 * @param tokenTtl how long a credential is valid; default 60 s (a credential is reused for half of it)
 * @param clockSkew how far the clocks of two services may disagree; default 30 s
 */
@Validated
@ConfigurationProperties("platform.security")
public record SecurityProperties(
        String internalSecret,
        @DefaultValue("60s") @NotNull Duration tokenTtl,
        @DefaultValue("30s") @NotNull Duration clockSkew) {}
