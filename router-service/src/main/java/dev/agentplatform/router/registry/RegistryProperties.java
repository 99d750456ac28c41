package dev.agentplatform.router.registry;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How router instances keep their registry snapshots in step.
 *
 * @param channel Redis pub/sub channel a change is announced on; default {@code router.registry.changed}
 * @param pollInterval how often each instance compares its snapshot with the database's version, the
 *     backstop for a missed announcement; default 2 s
 */
@Validated
@ConfigurationProperties("platform.router.registry")
public record RegistryProperties(
        @DefaultValue("router.registry.changed") @NotBlank String channel,
        @DefaultValue("2s") @NotNull Duration pollInterval) {}
