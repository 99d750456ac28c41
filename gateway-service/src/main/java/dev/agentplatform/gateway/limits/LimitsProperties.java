package dev.agentplatform.gateway.limits;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Request limits.
 *
 * @param maxBodySize the largest request body accepted; default 1 MiB
 * @param maxInFlight the most requests for agents' work (chat completions and tasks) this instance
 *     lets through at once; beyond it a request is answered 503 with {@code Retry-After} at once
 *     instead of waiting in a queue nobody bounds; 0 is unbounded; default 256
 * @param degradeInFlight above this many such requests in flight, an admitted request is marked
 *     overloaded ({@code X-Platform-Overloaded}) and its agents of dearer tiers run on the
 *     orchestrator's overload tier (free by default): the platform degrades to cheaper models before
 *     it sheds at {@code maxInFlight}; 0 never marks; default 128
 */
@Validated
@ConfigurationProperties("platform.gateway.limits")
public record LimitsProperties(
        @DefaultValue("1MB") @NotNull DataSize maxBodySize,
        @DefaultValue("256") @PositiveOrZero int maxInFlight,
        @DefaultValue("128") @PositiveOrZero int degradeInFlight) {}
