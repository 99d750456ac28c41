package dev.agentplatform.router.budget;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where budget advice comes from and how much it is trusted.
 *
 * @param enabled whether to ask the cost service at all; default true
 * @param costUrl base URL of the cost service; default {@code http://127.0.0.1:8085}
 * @param timeout how long one budget call may take before the advice is ignored; default 250 ms
 * @param cacheTtl how long one user's advice is reused; default 10 s
 * @param lowFraction remaining share of the daily budget under which pressure starts; it grows to 1
 *     as the remaining share reaches 0; default 0.5
 */
@Validated
@ConfigurationProperties("platform.router.budget")
public record BudgetProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("http://127.0.0.1:8085") @NotNull URI costUrl,
        @DefaultValue("250ms") @NotNull Duration timeout,
        @DefaultValue("10s") @NotNull Duration cacheTtl,

        @DefaultValue("0.5") @DecimalMin("0.01") @DecimalMax("1")
        double lowFraction) {}
